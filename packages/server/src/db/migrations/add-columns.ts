import type { Migration } from './types.js';

/** A column to add: table, column, and its SQL type with any constraint (`'TEXT'`, `'BOOLEAN NOT NULL DEFAULT false'`). */
export type ColumnSpec = readonly [table: string, column: string, type: string];

/**
 * A migration that adds columns, and drops them again in reverse order. Plain SQL that both SQLite (3.35+)
 * and PostgreSQL run as written: Sequelize's addColumn names PostgreSQL's `public` schema instead of
 * following `search_path`, and its SQLite removeColumn rebuilds the table, which for a parent table such as
 * `streams` would cascade-delete its children.
 *
 * @example
 * export const bio = addColumns('0009-user-bio', [['users', 'bio', 'TEXT']]);
 */
export function addColumns(name: string, columns: readonly ColumnSpec[]): Migration {
  return {
    name,
    async up(qi, transaction) {
      for (const [table, column, type] of columns) {
        await qi.sequelize.query(`ALTER TABLE "${table}" ADD COLUMN "${column}" ${type}`, { transaction });
      }
    },
    async down(qi, transaction) {
      for (const [table, column] of [...columns].reverse()) {
        await qi.sequelize.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`, { transaction });
      }
    },
  };
}
