import type { QueryInterface, Transaction } from 'sequelize';
import type { Migration } from './types.js';

/**
 * The columns Speckle's inputs carry that the first schema had no place for. Plain SQL that both SQLite
 * (3.35+) and PostgreSQL run as written: Sequelize's addColumn names PostgreSQL's `public` schema instead
 * of following `search_path`, and its SQLite removeColumn rebuilds the table, which for `streams` would
 * cascade-delete every access-list entry and commit.
 */
const COLUMNS = [
  ['streams', 'isDiscoverable', 'BOOLEAN NOT NULL DEFAULT false'],
  ['commits', 'sourceApplication', 'VARCHAR(255)'],
  ['commits', 'totalChildrenCount', 'INTEGER'],
  // A JSON array of commit ids as text, like api_tokens.scopes: the same on SQLite and PostgreSQL.
  ['commits', 'parents', 'TEXT'],
] as const;

async function up(qi: QueryInterface, transaction: Transaction): Promise<void> {
  for (const [table, column, type] of COLUMNS) {
    await qi.sequelize.query(`ALTER TABLE "${table}" ADD COLUMN "${column}" ${type}`, { transaction });
  }
}

async function down(qi: QueryInterface, transaction: Transaction): Promise<void> {
  for (const [table, column] of [...COLUMNS].reverse()) {
    await qi.sequelize.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`, { transaction });
  }
}

/** `streams.isDiscoverable` and the commit fields of Speckle's `CommitCreateInput`. */
export const speckleClientFields: Migration = { name: '0007-speckle-client-fields', up, down };
