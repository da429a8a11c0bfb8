import { readFileSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { Sequelize, Transaction } from 'sequelize';
import type { Options } from 'sequelize';
import { queueSqliteWrites, retrySqliteBusy } from './sqlite-writer.js';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.js';

/**
 * How long a SQLite statement may wait, in total, for another process's write lock (a second server, the
 * CLI) before the request gets 503 `database_busy`. The wait is a series of short retries on the event
 * loop (`retrySqliteBusy`), never a sleep on a worker thread: SQLite's own busy timeout is 0. Writes of
 * this process never wait on each other here: they queue in `queueSqliteWrites` first.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 1000;

/** Default of {@link PostgresOptions.timeoutMs} (`PATGATE_DB_TIMEOUT_MS`). */
export const DEFAULT_DB_TIMEOUT_MS = 5000;
/** Default of {@link PostgresOptions.poolMax} (`PATGATE_DB_POOL_MAX`). */
export const DEFAULT_DB_POOL_MAX = 10;

/** PostgreSQL settings a production deployment tunes; every field has a default. */
export interface PostgresOptions {
  /**
   * `PATGATE_DB_TIMEOUT_MS`: the longest a connection attempt, a wait for a pooled connection, or one
   * statement may take; past it the request gets 503 `database_unavailable` with `Retry-After`. Defaults to
   * {@link DEFAULT_DB_TIMEOUT_MS}.
   */
  timeoutMs?: number;
  /** `PATGATE_DB_POOL_MAX`: the most connections one instance opens. Defaults to {@link DEFAULT_DB_POOL_MAX}. */
  poolMax?: number;
  /** `PATGATE_DB_POOL_MIN`: connections kept open while idle. Defaults to `0`. */
  poolMin?: number;
  /** `PATGATE_DB_POOL_IDLE_MS`: how long an idle connection stays open above `poolMin`. Defaults to `10_000`. */
  poolIdleMs?: number;
  /**
   * `PATGATE_DB_SSL`: `off` (plain TCP; the default), `require` (TLS
   * without checking the certificate, like libpq's `sslmode=require`) or `verify` (TLS, certificate and host
   * name checked against the system CAs, or against `caFile`).
   */
  ssl?: 'off' | 'require' | 'verify';
  /** `PATGATE_DB_SSL_CA`: a PEM file of the CA that signed the server's certificate, for `ssl: 'verify'`. */
  ca?: string;
}

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  /**
   * Where the data lives: `postgres://…` (or `postgresql://…`) for PostgreSQL, `sqlite::memory:` for a
   * throwaway in-memory database, `sqlite:/abs/path.sqlite` or `sqlite:relative/path.sqlite` for a file.
   * Defaults to the SQLite file `patgate.sqlite` inside `dataDir`.
   */
  url?: string;
  /** The folder of the default SQLite file; created if missing, mode 0700. Defaults to `./data`. */
  dataDir?: string;
  /** `false` for silence (the default) or a function receiving each SQL statement. */
  logging?: false | ((sql: string) => void);
  /**
   * PostgreSQL only: the schema tables live in, set as `search_path` on every connection so migrations and
   * models need no schema-qualified names. Letters, digits and `_` only. Defaults to the server's default
   * (`public`).
   */
  schema?: string;
  /** PostgreSQL pool, timeout and TLS settings; ignored for SQLite. */
  postgres?: PostgresOptions;
}

/**
 * node-sqlite3 with every new connection tuned before Sequelize sees it. Sequelize opens a separate
 * SQLite connection per transaction and never runs its `afterConnect` hook for SQLite, so per-connection
 * settings (busy_timeout, synchronous) must be applied where the connection is created.
 */
class TunedDatabase extends sqlite3.Database {
  constructor(filename: string, mode: number, callback: (err: Error | null) => void) {
    super(filename, mode, (openError) => {
      if (openError) return callback(openError);
      // No busy wait inside SQLite: it would sleep on one of libuv's four worker threads. SQLITE_BUSY comes
      // back at once and retrySqliteBusy retries it on the event loop.
      this.configure('busyTimeout', 0);
      // WAL lets readers run while one writer writes; NORMAL sync is durable enough under WAL.
      // foreign_keys is per connection and off by default in SQLite: the cascades depend on it.
      // A connection that cannot be set up (read-only folder, full disk) is closed, or its files stay open.
      this.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;', (err) =>
        err ? this.close(() => callback(err)) : callback(null),
      );
    });
  }
}

const tunedSqlite3 = { ...sqlite3, Database: TunedDatabase };

/** The SQLite storage named by a `sqlite:` URL: `:memory:` or a file path. */
function sqliteStorage(url: string): string {
  const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  if (rest === '' || rest === ':memory:' || rest === '//:memory:') return ':memory:';
  return path.resolve(rest);
}

/**
 * Opens the database the server keeps users, streams and tokens in. Nothing is queried yet; call
 * `migrate(sequelize)` next, and `sequelize.close()` on shutdown.
 *
 * A SQLite file is created with mode 0600 (its `-wal` and `-shm` files follow), and the default data
 * folder with mode 0700.
 * SQLite connections run in WAL mode with foreign keys on, SQLITE_BUSY is retried for {@link SQLITE_BUSY_TIMEOUT_MS},
 * and transactions start `IMMEDIATE` so two writers queue instead of deadlocking on a lock upgrade.
 *
 * @example
 * const sequelize = openDatabase({ url: process.env.DATABASE_URL });
 * await migrate(sequelize);
 * const models = initModels(sequelize);
 * // …
 * await sequelize.close();
 */
export function openDatabase(options: DatabaseOptions = {}): Sequelize {
  const logging = options.logging ?? false;
  const url = options.url ?? '';
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const schema = options.schema;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
      throw new Error(`openDatabase: \`schema\` must be letters, digits and _ only, received ${JSON.stringify(schema)}`);
    }
    return new Sequelize(url, postgresOptions(logging, schema, options.postgres ?? {}));
  }
  if (options.schema !== undefined) {
    throw new Error('openDatabase: `schema` applies to PostgreSQL only; SQLite has one schema per file');
  }
  let storage: string;
  if (url === '') {
    const dataDir = path.resolve(options.dataDir ?? './data');
    ensurePrivateDir(dataDir);
    storage = path.join(dataDir, 'patgate.sqlite');
  } else if (url.startsWith('sqlite:')) {
    storage = sqliteStorage(url);
  } else {
    throw new Error(
      `openDatabase: unsupported \`url\` ${JSON.stringify(url.split(':')[0] + ':')}; use postgres://…, sqlite:/path/file.sqlite or sqlite::memory:`,
    );
  }
  // The file holds password hashes and emails: owner-only, and SQLite gives -wal and -shm the same mode.
  if (storage !== ':memory:') ensurePrivateFile(storage, ['-wal', '-shm']);
  const sequelize = new Sequelize({
    dialect: 'sqlite',
    storage,
    logging,
    dialectModule: tunedSqlite3,
    transactionType: Transaction.TYPES.IMMEDIATE,
    // Sequelize's default retries SQLITE_BUSY five times, each after a full busy timeout (10 s and more per
    // request); retrySqliteBusy below retries it every few milliseconds up to a deadline instead.
    retry: { max: 1 },
  });
  // An in-memory database is one shared connection already (and dies with the process): nothing to queue.
  if (storage !== ':memory:') queueSqliteWrites(sequelize);
  retrySqliteBusy(sequelize, SQLITE_BUSY_TIMEOUT_MS);
  return sequelize;
}

function postgresOptions(logging: DatabaseOptions['logging'], schema: string | undefined, pg: PostgresOptions): Options {
  const timeoutMs = pg.timeoutMs ?? DEFAULT_DB_TIMEOUT_MS;
  const ssl = pg.ssl ?? 'off';
  return {
    dialect: 'postgres',
    logging,
    pool: { max: pg.poolMax ?? DEFAULT_DB_POOL_MAX, min: pg.poolMin ?? 0, idle: pg.poolIdleMs ?? 10_000, acquire: timeoutMs, evict: 1000 },
    // Sequelize retries some failures up to 5 times by default; each retry would cost the caller another timeout.
    retry: { max: 1 },
    dialectOptions: {
      // pg sends `options` as a startup parameter, so every pooled connection gets the schema with no extra query.
      ...(schema !== undefined && { options: `-c search_path=${schema}` }),
      // Connecting, each statement on the server, and each answer on the client: none may outlast the timeout,
      // so a PostgreSQL that accepts connections but never answers (frozen) is a 503, not a hung request.
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs,
      idle_in_transaction_session_timeout: timeoutMs * 2,
      keepAlive: true,
      ...(ssl !== 'off' && { ssl: ssl === 'verify' ? { rejectUnauthorized: true, ...(pg.ca && { ca: readFileSync(pg.ca, 'utf8') }) } : { rejectUnauthorized: false } }),
    },
  };
}
