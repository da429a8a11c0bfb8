import type { QueryInterface, Transaction } from 'sequelize';

/**
 * One schema change. `up` and `down` run inside a transaction they must pass to every query, so a
 * failing migration leaves the schema as it was (both SQLite and PostgreSQL have transactional DDL).
 *
 * @example
 * export const addBio: Migration = {
 *   name: '0003-add-bio',
 *   up: (qi, transaction) => qi.addColumn('users', 'bio', { type: DataTypes.TEXT }, { transaction }),
 *   down: (qi, transaction) => qi.removeColumn('users', 'bio', { transaction }),
 * };
 */
export interface Migration {
  /** Unique and sortable; recorded in the `SequelizeMeta` table once applied. */
  name: string;
  up(qi: QueryInterface, transaction: Transaction): Promise<void>;
  down(qi: QueryInterface, transaction: Transaction): Promise<void>;
}
