import { DataTypes } from 'sequelize';
import type { QueryInterface, Transaction } from 'sequelize';
import type { Migration } from './types.js';

/**
 * What happened to each token, for its owner to read. No foreign keys on purpose: the trail is kept after
 * the token row (or its owner) is deleted or pruned, so it outlives what it describes.
 */
async function up(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.createTable(
    'token_events',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
      tokenId: { type: DataTypes.STRING(32), allowNull: false },
      ownerId: { type: DataTypes.STRING(36), allowNull: false },
      type: { type: DataTypes.STRING(32), allowNull: false },
      at: { type: DataTypes.DATE, allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      userAgent: { type: DataTypes.STRING(512), allowNull: true },
      actor: { type: DataTypes.STRING(32), allowNull: false },
      url: { type: DataTypes.TEXT, allowNull: true },
    },
    { transaction },
  );
  // A token's history, newest first, is the one read.
  await qi.addIndex('token_events', ['tokenId', 'at', 'id'], { name: 'token_events_token_id_at', transaction });
  // A first use is recorded once, even when two instances both see the token's first request.
  await qi.addIndex('token_events', ['tokenId'], {
    name: 'token_events_first_used',
    unique: true,
    where: { type: 'first_used' },
    transaction,
  });
}

async function down(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.dropTable('token_events', { transaction });
}

/** The `token_events` table behind `GET /api/tokens/:id/events` and a token's history page. */
export const tokenEvents: Migration = { name: '0005-token-events', up, down };
