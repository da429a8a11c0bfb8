import { DataTypes } from 'sequelize';
import type { QueryInterface, Transaction } from 'sequelize';
import type { Migration } from './types.js';

/**
 * One row per webhook event the server decided to send about a token (`token.expiring` at `7d` and at `1d`,
 * `token.leaked`). The primary key (tokenId, type, threshold) is the lock between instances: whichever
 * inserts the row first sends the event, every other insert fails and sends nothing.
 */
async function up(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.createTable(
    'token_notices',
    {
      tokenId: {
        type: DataTypes.STRING(32),
        primaryKey: true,
        allowNull: false,
        references: { model: 'api_tokens', key: 'id' },
        onDelete: 'CASCADE',
        onUpdate: 'CASCADE',
      },
      type: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      threshold: { type: DataTypes.STRING(16), primaryKey: true, allowNull: false },
      eventId: { type: DataTypes.STRING(36), allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      deliveredAt: { type: DataTypes.DATE, allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false },
    },
    { transaction },
  );
}

async function down(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.dropTable('token_notices', { transaction });
}

/** `token_notices`: the webhook events sent about tokens, once each across every instance. */
export const tokenNotices: Migration = { name: '0008-token-notices', up, down };
