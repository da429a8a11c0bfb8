import type { Config } from '../config.js';
import { unavailableError } from './unavailable.js';

/**
 * Where the database is, for a message: host, port and database of a URL, never its user or password.
 *
 * @example
 * describeDatabase({ databaseUrl: 'postgres://ada:pw@db:5432/patgate', dataDir }); // 'PostgreSQL at db:5432/patgate (DATABASE_URL)'
 */
export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:/i.test(url)) {
    const parsed = new URL(url);
    return `PostgreSQL at ${parsed.host}${parsed.pathname} (DATABASE_URL)`;
  }
  if (url) return `the SQLite database ${url.replace(/^sqlite:/, '')} (DATABASE_URL)`;
  return `the SQLite database in ${config.dataDir} (PATGATE_DATA_DIR)`;
}

/** The error's text with every occurrence of the URL's password (plain or URL-encoded) blanked out. */
function withoutPassword(text: string, url: string | undefined): string {
  if (!url || !URL.canParse(url)) return text;
  const password = new URL(url).password;
  if (!password) return text;
  return text.split(password).join('***').split(decodeURIComponent(password)).join('***');
}

/**
 * The one-line message for a database the server cannot use at start-up: where it is (naming
 * `DATABASE_URL` or `PATGATE_DATA_DIR`), what went wrong, and what to do; never a password.
 *
 * @example
 * throw startupDatabaseError(error, config); // Cannot use PostgreSQL at db:5432/patgate (DATABASE_URL): …
 */
export function startupDatabaseError(error: unknown, config: Pick<Config, 'databaseUrl' | 'dataDir'>): Error {
  const driver = (error as { original?: { code?: unknown; message?: unknown } }).original;
  const code = typeof driver?.code === 'string' ? driver.code : (error as { code?: unknown }).code;
  const reason = withoutPassword(String((driver?.message as string | undefined) ?? (error as Error).message ?? error), config.databaseUrl);
  const kind = unavailableError(error)?.code;
  const fix =
    kind === 'storage_unavailable'
      ? 'Make the folder and its files writable by this user and check the disk has space'
      : kind === 'database_busy'
        ? 'Another process holds the database; try again'
        : 'Check that the database runs and that DATABASE_URL (host, port, user, database) is right';
  const where = describeDatabase(config);
  return new Error(`Cannot use ${where}: ${typeof code === 'string' && !reason.includes(code) ? `${code} ` : ''}${reason.split('\n')[0]}. ${fix}.`, { cause: error });
}
