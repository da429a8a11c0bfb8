import { SequelizeStorage, Umzug } from 'umzug';
import type { Sequelize } from 'sequelize';
import { migrations } from './migrations/index.js';

/**
 * umzug's SequelizeStorage, minus its `model.sync()` before every read and write of `SequelizeMeta`. On
 * PostgreSQL that sync lists indexes through a catalog query that ignores the schema, so it fails when
 * another schema in the same database is being dropped at that moment (parallel test runs, several
 * tenants). A plain CREATE TABLE IF NOT EXISTS, once per run, makes the same table.
 */
class MetaTableStorage extends SequelizeStorage {
  private ready: Promise<void> | undefined;

  constructor(private readonly db: Sequelize) {
    super({ sequelize: db });
  }

  protected override async syncModel(): Promise<void> {
    this.ready ??= this.db
      .query('CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL PRIMARY KEY)')
      .then(() => undefined);
    await this.ready;
  }
}

function migrator(sequelize: Sequelize): Umzug<Sequelize> {
  return new Umzug({
    migrations: migrations.map((migration) => ({
      name: migration.name,
      up: ({ context }) => context.transaction((t) => migration.up(context.getQueryInterface(), t)),
      down: ({ context }) => context.transaction((t) => migration.down(context.getQueryInterface(), t)),
    })),
    context: sequelize,
    storage: new MetaTableStorage(sequelize),
    logger: undefined,
  });
}

/**
 * Applies every migration not yet applied, oldest first, and resolves the names it applied (empty when
 * the schema was already current). Safe to call on every start.
 *
 * @example
 * const applied = await migrate(sequelize); // ['0001-initial-schema', '0002-sessions'] on an empty database
 */
export async function migrate(sequelize: Sequelize): Promise<string[]> {
  const applied = await migrator(sequelize).up();
  return applied.map((migration) => migration.name);
}

/**
 * The names of the migrations not yet applied, oldest first; empty when the schema is current.
 *
 * @example
 * if ((await pendingMigrations(sequelize)).length > 0) console.warn('run `patgate migrate` first');
 */
export async function pendingMigrations(sequelize: Sequelize): Promise<string[]> {
  const pending = await migrator(sequelize).pending();
  return pending.map((migration) => migration.name);
}

/**
 * Reverts applied migrations, newest first: all of them by default, or down to (and including) `to`.
 * For tests and for operators undoing a bad release; resolves the names it reverted.
 *
 * @example
 * await rollback(sequelize); // back to an empty schema
 */
export async function rollback(sequelize: Sequelize, to: string | 0 = 0): Promise<string[]> {
  const reverted = await migrator(sequelize).down({ to });
  return reverted.map((migration) => migration.name);
}
