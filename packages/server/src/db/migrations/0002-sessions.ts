import { DataTypes } from 'sequelize';
import type { QueryInterface, Transaction } from 'sequelize';
import type { Migration } from './types.js';

/**
 * The table connect-session-sequelize 7 reads and writes with its default options (model `Session`,
 * table `Sessions`): its own `sync()` must never be needed, the schema comes from migrations only.
 */
async function up(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.createTable(
    'Sessions',
    {
      sid: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
      expires: { type: DataTypes.DATE, allowNull: true },
      data: { type: DataTypes.TEXT, allowNull: true },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { transaction },
  );
  // The store's expiry sweep deletes by `expires`.
  await qi.addIndex('Sessions', ['expires'], { name: 'sessions_expires', transaction });
}

async function down(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.dropTable('Sessions', { transaction });
}

/** Sessions of the signed-in profile page (express-session with connect-session-sequelize). */
export const sessions: Migration = { name: '0002-sessions', up, down };
