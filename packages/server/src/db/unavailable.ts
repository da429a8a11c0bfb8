import { ServiceError } from '../services/errors.js';

/**
 * 503 `storage_unavailable`: SQLite cannot write (disk full, read-only folder or file, I/O error). Reads
 * keep working; writes work again as soon as space or permission returns, with no restart.
 *
 * @example
 * throw new StorageUnavailableError();
 */
export class StorageUnavailableError extends ServiceError {
  constructor() {
    super(503, 'storage_unavailable', 'The server cannot write to its storage right now (disk full or read-only); try again later', {
      'Retry-After': '5',
    });
  }
}

/**
 * 503 `database_unavailable`: PostgreSQL refused, dropped or did not answer the connection or the
 * statement within `PATGATE_DB_TIMEOUT_MS`.
 *
 * @example
 * throw new DatabaseUnavailableError();
 */
export class DatabaseUnavailableError extends ServiceError {
  constructor() {
    super(503, 'database_unavailable', 'The database is not answering right now; try again later', { 'Retry-After': '5' });
  }
}

/**
 * 503 `database_busy`: a SQLite write waited its whole budget for the write lock (other writers in this
 * process or another one, such as a second server or the CLI) and gave up rather than hold the request.
 *
 * @example
 * throw new DatabaseBusyError();
 */
export class DatabaseBusyError extends ServiceError {
  constructor() {
    super(503, 'database_busy', 'The database is busy with other writes; try again in a moment', { 'Retry-After': '1' });
  }
}

const SQLITE_BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const SQLITE_STORAGE_CODES = new Set(['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'ENOSPC', 'EROFS', 'EACCES', 'EDQUOT']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Sequelize's connection failures, by class name so a second copy of Sequelize still matches. */
const CONNECTION_ERRORS = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeAccessDeniedError',
  'SequelizeInvalidConnectionError',
]);
/** pg's messages for a connection that dropped or never answered (these carry no SQLSTATE). */
const PG_TIMEOUT_MESSAGES = /Query read timeout|Connection terminated|timeout exceeded when trying to connect|Connection timed out|Client has encountered a connection error/i;

interface DriverError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  original?: DriverError;
  parent?: DriverError;
}

/**
 * The 503 a database failure deserves, or `undefined` for any other error (a bug stays a 500). Looks at
 * the error Sequelize raised and the driver's error inside it: SQLite's result code (`SQLITE_BUSY`,
 * `SQLITE_FULL`, …), PostgreSQL's SQLSTATE class (08 connection, 53 resources, 57 operator intervention
 * such as a `statement_timeout`), socket errors and pg's timeouts.
 *
 * @example
 * const answer = unavailableError(err) ?? err; // a ServiceError with status 503, or the error itself
 */
export function unavailableError(err: unknown): ServiceError | undefined {
  if (err instanceof ServiceError || typeof err !== 'object' || err === null) return undefined;
  const outer = err as DriverError;
  const chain = [outer, outer.original, outer.parent].filter((e): e is DriverError => typeof e === 'object' && e !== null);
  // Codes first, at every level: a SQLite open failure is a Sequelize ConnectionError around SQLITE_CANTOPEN.
  for (const e of chain) {
    const code = typeof e.code === 'string' ? e.code : '';
    const sqliteCode = code.split('_').slice(0, 2).join('_'); // SQLITE_IOERR_WRITE -> SQLITE_IOERR
    if (SQLITE_BUSY_CODES.has(sqliteCode)) return new DatabaseBusyError();
    if (SQLITE_STORAGE_CODES.has(sqliteCode) || SQLITE_STORAGE_CODES.has(code)) return new StorageUnavailableError();
    if (NETWORK_CODES.has(code) || /^(08|53|57)[0-9A-Z]{3}$/.test(code)) return new DatabaseUnavailableError();
  }
  for (const e of chain) {
    if (typeof e.name === 'string' && CONNECTION_ERRORS.has(e.name)) return new DatabaseUnavailableError();
    if (typeof e.message === 'string' && PG_TIMEOUT_MESSAGES.test(e.message)) return new DatabaseUnavailableError();
  }
  return undefined;
}
