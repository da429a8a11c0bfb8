/**
 * A migrated, throwaway database for tests, on SQLite or PostgreSQL.
 *
 * Inside a `describe`, `withDatabase(kind)` registers mocha hooks: `before` opens a fresh database (a
 * temporary SQLite file, or a new PostgreSQL schema `patgate_test_<random>` so parallel runs never collide)
 * and migrates it; `after` closes it and deletes the file or drops the schema. Read `db.models` /
 * `db.sequelize` inside tests (they exist only once `before` has run), and call `db.truncate()` in a
 * `beforeEach` when tests must not see each other's rows.
 *
 *     import { withDatabase, DATABASE_KINDS } from '../helpers/db.js';
 *
 *     for (const kind of DATABASE_KINDS) {
 *       describe(`streams on ${kind}`, function () {
 *         const db = withDatabase(kind);
 *         beforeEach(() => db.truncate());
 *         it('creates a stream', async () => {
 *           const user = await createUser(db.models, { email: 'a@example.com', name: 'A', password: null });
 *           // …
 *         });
 *       });
 *     }
 *
 * PostgreSQL comes from `PATGATE_TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`). When it
 * is unreachable the suite is skipped with a one-line reason, unless `CI` is set: then it fails.
 * Without mocha hooks (a custom runner, a store factory), use `openTestDatabase(kind)` and call `close()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'mocha';
import type { Sequelize } from 'sequelize';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { initModels } from '../../src/db/models.js';
import type { Models } from '../../src/db/models.js';

export type DatabaseKind = 'sqlite' | 'postgres';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres'];

export const TEST_PG_URL = process.env.PATGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** An open, migrated test database. */
export interface TestDatabase {
  kind: DatabaseKind;
  sequelize: Sequelize;
  models: Models;
  /** The `DATABASE_URL` that reaches this database (with `schema` for PostgreSQL), for a second connection. */
  url: string;
  /** PostgreSQL: the schema the tables live in; SQLite: undefined. */
  schema: string | undefined;
  /** Deletes every row of every table, children first; the schema stays. */
  truncate(): Promise<void>;
  /** Closes the connection and removes the file or schema. Safe to call twice. */
  close(): Promise<void>;
}

/** Thrown by {@link openTestDatabase} when PostgreSQL cannot be reached; `withDatabase` turns it into a skip. */
export class DatabaseUnavailableError extends Error {}

// Children before parents, so foreign keys never block the delete.
const TABLES = ['token_notices', 'Sessions', 'api_tokens', 'commits', 'stream_acl', 'streams', 'token_events', 'users'];

async function openSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'patgate-test-'));
  const url = `sqlite:${path.join(dir, 'test.sqlite')}`;
  const sequelize = openDatabase({ url });
  return finish('sqlite', sequelize, url, undefined, async () => rmSync(dir, { recursive: true, force: true }));
}

async function openPostgres(): Promise<TestDatabase> {
  const admin = openDatabase({ url: TEST_PG_URL });
  try {
    await admin.authenticate();
  } catch (error) {
    await admin.close();
    throw new DatabaseUnavailableError(`PostgreSQL unreachable at ${TEST_PG_URL}: ${(error as Error).message}`);
  }
  const schema = `patgate_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const sequelize = openDatabase({ url: TEST_PG_URL, schema });
  return finish('postgres', sequelize, TEST_PG_URL, schema, async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.close();
  });
}

async function finish(
  kind: DatabaseKind,
  sequelize: Sequelize,
  url: string,
  schema: string | undefined,
  cleanup: () => Promise<void>,
): Promise<TestDatabase> {
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sequelize.close();
    await cleanup();
  };
  try {
    await migrate(sequelize);
  } catch (error) {
    await close();
    throw error;
  }
  const models = initModels(sequelize);
  const truncate = async () => {
    for (const table of TABLES) await sequelize.getQueryInterface().bulkDelete(table, {});
  };
  return { kind, sequelize, models, url, schema, truncate, close };
}

/**
 * Opens a fresh, migrated database of this kind. Rejects with {@link DatabaseUnavailableError} when
 * PostgreSQL is unreachable. The caller must `close()` it.
 *
 * @example
 * const db = await openTestDatabase('sqlite');
 * try { await createUser(db.models, { email: 'a@example.com', name: 'A', password: null }); }
 * finally { await db.close(); }
 */
export function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'sqlite' ? openSqlite() : openPostgres();
}

/**
 * Registers `before`/`after` hooks in the current `describe` that open and remove a migrated database of
 * this kind, and returns it (its fields throw until `before` has run). PostgreSQL being unreachable skips
 * the suite with a one-line reason, or fails it when `process.env.CI` is set.
 *
 * @example
 * describe('commits on postgres', () => {
 *   const db = withDatabase('postgres');
 *   it('lists nothing at first', async () => { expect(await db.models.Commit.count()).to.equal(0); });
 * });
 */
export function withDatabase(kind: DatabaseKind): TestDatabase {
  let current: TestDatabase | undefined;
  const get = (): TestDatabase => {
    if (!current) throw new Error(`withDatabase('${kind}'): the database is opened in before(); use it inside tests or hooks`);
    return current;
  };
  before(async function () {
    try {
      current = await openTestDatabase(kind);
    } catch (error) {
      if (error instanceof DatabaseUnavailableError && !process.env.CI) {
        console.warn(`      skipped: ${error.message} (set CI=1 to make this fail)`);
        this.skip();
      }
      throw error;
    }
  });
  after(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    kind,
    get sequelize() { return get().sequelize; },
    get models() { return get().models; },
    get url() { return get().url; },
    get schema() { return get().schema; },
    truncate: () => get().truncate(),
    close: () => get().close(),
  };
}
