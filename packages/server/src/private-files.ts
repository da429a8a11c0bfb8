import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * The data folder holds password hashes, emails, token hashes and (when generated) the server secret, so
 * it is readable by its owner only: the folder 0700, every file 0600. Permissions are POSIX; on Windows
 * these are no-ops and the folder's ACL decides.
 */
const POSIX = process.platform !== 'win32';

/**
 * Creates `dir` (and missing parents) with mode 0700, and takes group and other access away from an
 * existing one.
 *
 * @example
 * ensurePrivateDir(config.dataDir);
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!POSIX || (statSync(dir).mode & 0o077) === 0) return;
  try {
    chmodSync(dir, 0o700);
  } catch (error) {
    // A read-only folder or one not ours: the database open that follows reports it, naming PATGATE_DATA_DIR.
    if (!['EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/**
 * Creates `file` empty with mode 0600 if it is missing, and takes group and other access away from an
 * existing one. SQLite creates its `-wal` and `-shm` files with the database file's mode, so making the
 * database file first makes them private too; existing ones are fixed here as well.
 *
 * @example
 * ensurePrivateFile(path.join(dataDir, 'patgate.sqlite'), ['-wal', '-shm']);
 */
export function ensurePrivateFile(file: string, companions: readonly string[] = []): void {
  // 'wx' never opens an existing file, so a read-only database (or folder) is left for SQLite to report.
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOENT' && code !== 'EACCES' && code !== 'EROFS') throw error;
  }
  if (!POSIX) return;
  for (const name of [file, ...companions.map((suffix) => file + suffix)]) {
    try {
      if ((statSync(name).mode & 0o077) !== 0) chmodSync(name, 0o600);
    } catch (error) {
      // Missing (a companion not made yet), or not ours to change: SQLite reports what matters when it opens.
      if (!['ENOENT', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}
