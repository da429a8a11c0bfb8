import type { Migration } from './types.js';

/**
 * A column to add: table, column, and its SQL type with any constraint (`'TEXT'`, `'BOOLEAN NOT NULL DEFAULT
 * false'`), or one per dialect where the two spell it differently (a date: what Sequelize's `DATE` creates).
 */
export type ColumnSpec = readonly [table: string, column: string, type: string | { sqlite: string; postgres: string }];

/** The SQL type Sequelize's `DataTypes.DATE` creates on each dialect, for a column added in plain SQL. */
export const DATE_COLUMN = { sqlite: 'DATETIME', postgres: 'TIMESTAMP WITH TIME ZONE' } as const;

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
      const dialect = qi.sequelize.getDialect() === 'postgres' ? 'postgres' : 'sqlite';
      for (const [table, column, type] of columns) {
        const sql = typeof type === 'string' ? type : type[dialect];
        await qi.sequelize.query(`ALTER TABLE "${table}" ADD COLUMN "${column}" ${sql}`, { transaction });
      }
    },
    async down(qi, transaction) {
      for (const [table, column] of [...columns].reverse()) {
        await qi.sequelize.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`, { transaction });
      }
    },
  };
}
