import path from 'node:path';
import sqlite3 from 'sqlite3';
import { Sequelize, Transaction } from 'sequelize';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.js';

/** How long a SQLite connection waits for another writer's lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

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
      this.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
      // WAL lets readers run while one writer writes; NORMAL sync is durable enough under WAL.
      // foreign_keys is per connection and off by default in SQLite: the cascades depend on it.
      this.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;', callback);
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
 * folder with mode 0700. SQLite connections run in WAL mode with a {@link SQLITE_BUSY_TIMEOUT_MS} busy timeout and foreign keys on,
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
    return new Sequelize(url, {
      dialect: 'postgres',
      logging,
      // pg sends this as a startup parameter, so every pooled connection gets the schema with no extra query.
      dialectOptions: schema === undefined ? {} : { options: `-c search_path=${schema}` },
    });
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
  return new Sequelize({
    dialect: 'sqlite',
    storage,
    logging,
    dialectModule: tunedSqlite3,
    transactionType: Transaction.TYPES.IMMEDIATE,
  });
}
