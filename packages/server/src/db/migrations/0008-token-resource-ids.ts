import type { QueryInterface, Transaction } from 'sequelize';
import type { Migration } from './types.js';

// Plain SQL for the reasons 0007 gives (search_path on PostgreSQL; no table rebuild on SQLite). A JSON array of
// stream ids as text, like `scopes`; NULL means the token reaches all of its owner's streams.
async function up(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.sequelize.query('ALTER TABLE "api_tokens" ADD COLUMN "resourceIds" TEXT', { transaction });
}

async function down(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.sequelize.query('ALTER TABLE "api_tokens" DROP COLUMN "resourceIds"', { transaction });
}

/** `api_tokens.resourceIds`: the streams a resource-limited token may reach. */
export const tokenResourceIds: Migration = { name: '0008-token-resource-ids', up, down };
