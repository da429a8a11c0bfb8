import type { Sequelize } from 'sequelize';
import { DatabaseBusyError } from './unavailable.js';

/**
 * The longest a write waits for this process's other writes before it gives up with 503 `database_busy`.
 * With `SQLITE_BUSY_TIMEOUT_MS` for another process's lock on top, no request waits more than 5 s.
 */
export const SQLITE_WRITE_QUEUE_WAIT_MS = 3500;

/** After this long of back-to-back writes the queue pauses once for {@link WRITE_PAUSE_MS} (fairness to other processes). */
export const WRITE_SLICE_MS = 100;
/** The gap left for other processes' writers: longer than their retry interval (`retrySqliteBusy`). */
export const WRITE_PAUSE_MS = 8;

/**
 * Retries every statement of this Sequelize instance that meets SQLITE_BUSY (another process holds the
 * file's write lock) every 1 to 5 ms, jittered so that two processes do not retry in step, until `budgetMs`
 * after the first attempt; then the SQLITE_BUSY error stands (503 `database_busy`). The waiting happens on
 * the event loop, so no worker thread sleeps on a lock, as it would with SQLite's busy timeout.
 *
 * @example
 * retrySqliteBusy(sequelize, 2000);
 */
export function retrySqliteBusy(sequelize: Sequelize, budgetMs: number): void {
  const query = sequelize.query.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  const retrying = async (...args: unknown[]): Promise<unknown> => {
    const deadline = Date.now() + budgetMs;
    for (;;) {
      try {
        return await query(...args);
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 4));
      }
    }
  };
  (sequelize as unknown as { query: typeof retrying }).query = retrying;
}

function isBusy(error: unknown): boolean {
  const code = (error as { original?: { code?: unknown } } | undefined)?.original?.code;
  return code === 'SQLITE_BUSY';
}

/** Query types that only read; anything else (INSERT, UPDATE, DELETE, UPSERT, RAW, DDL) counts as a write. */
const READ_TYPES = new Set(['SELECT', 'SHOWTABLES', 'SHOWINDEXES', 'DESCRIBE', 'FOREIGNKEYS', 'SHOWCONSTRAINTS', 'VERSION']);

/** What Sequelize's SQLite connection manager has and we use: its internals, stable across Sequelize 6. */
interface SqliteConnection {
  uuid?: string | undefined;
  filename?: string;
  exec(sql: string, callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
}
interface SqliteConnectionManager {
  getConnection(options?: { uuid?: string; type?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): void;
  destroyConnection(connection: SqliteConnection): Promise<void>;
  close(): Promise<void>;
  connections: Record<string, SqliteConnection>;
  lib: { Database: new (file: string, mode: number, callback: (err: Error | null) => void) => SqliteConnection; OPEN_READWRITE: number; OPEN_CREATE: number };
}

/**
 * A FIFO mutex whose waiters give up after `waitMs`: the in-process write queue.
 *
 * @example
 * const lock = new WriteLock(3500);
 * await lock.acquire(); // rejects with DatabaseBusyError after 3.5 s in the queue
 * try { … } finally { lock.release(); }
 */
export class WriteLock {
  private held = false;
  private readonly waiters: Waiter[] = [];
  /** When the lock was last free (or paused): a run of back-to-back writes longer than a slice pauses once. */
  private heldSince = 0;

  constructor(
    private readonly waitMs: number,
    private readonly sliceMs = WRITE_SLICE_MS,
    private readonly pauseMs = WRITE_PAUSE_MS,
  ) {}

  /** How many writes wait behind the one that holds the lock. */
  get queued(): number {
    return this.waiters.length;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      this.heldSince = Date.now();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const waiter: Waiter = () => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        settled = true;
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new DatabaseBusyError());
      }, this.waitMs);
      this.waiters.push(waiter);
    });
  }

  release(): void {
    if (this.waiters.length > 0 && this.sliceMs > 0 && Date.now() - this.heldSince >= this.sliceMs) {
      // Another process retrying for the file's lock finds it free only between our writes; after a long run
      // of them, leave it a gap, or a busy server starves the CLI and a second server.
      setTimeout(() => {
        this.heldSince = Date.now();
        this.handOff();
      }, this.pauseMs);
      return;
    }
    this.handOff();
  }

  /** Gives the lock to the first waiter still waiting (one may have given up during a pause), else frees it. */
  private handOff(): void {
    for (let next = this.waiters.shift(); next; next = this.waiters.shift()) if (next()) return;
    this.held = false;
  }
}

/** Grants the lock to one waiter; false when that waiter has already given up. */
type Waiter = () => boolean;

/**
 * Routes every SQLite write of this Sequelize instance (transactions, and INSERT/UPDATE/DELETE outside
 * one) through one long-lived writer connection, one write at a time, in arrival order; reads stay on
 * Sequelize's shared connection and never wait for writes (WAL).
 *
 * Why: node-sqlite3 runs each statement on one of libuv's 4 threadpool threads, and a statement waiting
 * for a lock sleeps on its thread (busy_timeout). Sequelize opens a new connection per transaction, so N
 * concurrent transactions became N threads sleeping on each other's locks: from 5 writers on every thread
 * was asleep and even reads stalled. Queued here, at most one thread per process ever waits for a lock
 * (held by another process: a second server, the CLI), and a write that cannot get its turn within
 * {@link SQLITE_WRITE_QUEUE_WAIT_MS} is a 503 `database_busy`, not a stalled request.
 *
 * It also ends a leak: Sequelize's SQLite manager closed a transaction's connection only when the
 * transaction ended cleanly, so every failed COMMIT (a full disk) left a connection and its files open.
 * The writer is never closed per transaction; after an error it is rolled back, and replaced if even
 * that fails.
 *
 * @example
 * const sequelize = new Sequelize({ dialect: 'sqlite', storage: 'data/patgate.sqlite' });
 * queueSqliteWrites(sequelize);
 */
export function queueSqliteWrites(sequelize: Sequelize, waitMs = SQLITE_WRITE_QUEUE_WAIT_MS): WriteLock {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage ?? ':memory:';
  const lock = new WriteLock(waitMs);
  const base = {
    getConnection: manager.getConnection.bind(manager),
    releaseConnection: manager.releaseConnection.bind(manager),
    destroyConnection: manager.destroyConnection.bind(manager),
    close: manager.close.bind(manager),
  };
  let writer: Promise<SqliteConnection> | undefined;
  let current: SqliteConnection | undefined;

  const openWriter = () =>
    new Promise<SqliteConnection>((resolve, reject) => {
      const connection: SqliteConnection = new manager.lib.Database(storage, manager.lib.OPEN_READWRITE | manager.lib.OPEN_CREATE, (err) => {
        if (!err) return resolve(connection);
        // A connection that failed to set up still holds its file open: close it, or every failure leaks one.
        connection.close(() => reject(err));
      });
    });
  const dropWriter = (connection: SqliteConnection) => {
    if (current === connection) {
      current = undefined;
      writer = undefined;
    }
    connection.close();
  };

  manager.getConnection = async (options = {}) => {
    const isTransaction = options.uuid !== undefined && options.uuid !== 'default';
    if (!isTransaction && READ_TYPES.has(options.type ?? 'RAW')) {
      try {
        return await base.getConnection(options);
      } catch (error) {
        // Sequelize keeps the failed connection under its key and would hand it out forever: forget it.
        delete manager.connections[options.uuid ?? 'default'];
        throw error;
      }
    }
    await lock.acquire();
    try {
      writer ??= openWriter().then((connection) => (current = connection));
      return await writer;
    } catch (error) {
      writer = undefined;
      lock.release();
      throw error;
    }
  };
  manager.releaseConnection = (connection, force) => {
    if (connection !== current) return base.releaseConnection(connection, force);
    lock.release();
  };
  // Sequelize calls this when COMMIT or ROLLBACK failed and the connection's state is unknown.
  manager.destroyConnection = async (connection) => {
    if (connection !== current) return base.destroyConnection(connection);
    await new Promise<void>((resolve) =>
      connection.exec('ROLLBACK', (err) => {
        // "no transaction is active" is the good case; anything else and the connection is replaced.
        if (err && !/no transaction is active/.test(err.message)) dropWriter(connection);
        resolve();
      }),
    );
    lock.release();
  };
  manager.close = async () => {
    const open = current;
    writer = undefined;
    current = undefined;
    if (open) await new Promise<void>((resolve) => open.close(() => resolve()));
    await base.close();
  };
  return lock;
}
