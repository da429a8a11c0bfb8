import type { QueryInterface, Transaction } from 'sequelize';
import type { Migration } from './types.js';

/**
 * `api_tokens.lineageId`: the id of the first token of a rotation chain, inherited by every successor, so
 * the per-token request budget and history follow a token through rotation. Existing rows start their
 * own lineage. Nullable in the table because SQLite cannot add a NOT NULL column without a default; the
 * store reads a null as the row's own id. Plain SQL that means the same on SQLite and PostgreSQL (and
 * resolves the table through `search_path`, as the models do).
 */
async function up(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.sequelize.query('ALTER TABLE api_tokens ADD COLUMN "lineageId" VARCHAR(32)', { transaction });
  await qi.sequelize.query('UPDATE api_tokens SET "lineageId" = id', { transaction });
  await qi.sequelize.query('CREATE INDEX api_tokens_lineage_id ON api_tokens ("lineageId")', { transaction });
}

async function down(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.sequelize.query('DROP INDEX api_tokens_lineage_id', { transaction });
  await qi.sequelize.query('ALTER TABLE api_tokens DROP COLUMN "lineageId"', { transaction });
}

/** Token lineage across rotation. */
export const tokenLineage: Migration = { name: '0003-token-lineage', up, down };
