import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from './private-files.js';

/**
 * The name of the generated secret's file inside the data folder.
 *
 * @example
 * const file = path.join(config.dataDir, SECRET_FILE); // ./data/secret
 */
export const SECRET_FILE = 'secret';

/**
 * Returns the secret kept in `<dataDir>/secret`, creating it (32 random bytes, base64url, mode 0600) the
 * first time; warns when it creates one or finds it readable by others. Tokens stay valid across restarts only because this file is reused.
 *
 * @example
 * const secret = loadOrCreateSecret('/srv/patgate/data', console.warn);
 */
export function loadOrCreateSecret(dataDir: string, warn: (message: string) => void): string {
  const file = path.join(dataDir, SECRET_FILE);
  const existing = readSecretFile(file, warn);
  if (existing !== undefined) return existing;
  ensurePrivateDir(dataDir);
  const secret = randomBytes(32).toString('base64url');
  // Write a private temporary file, then link it into place: the link fails if the file appeared meanwhile,
  // so a CLI command and a server starting together never see a half-written secret.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new Error(
      `Cannot create the secret file in ${dataDir} (PATGATE_DATA_DIR): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. ` +
        'Make the folder writable, or set PATGATE_SECRET.',
      { cause: error },
    );
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSecretFile(file, warn) ?? secret;
  } finally {
    unlinkSync(temporary);
  }
  warn(
    `PATGATE_SECRET is not set: generated a secret into ${file} (keep it private; tokens stop working if it ` +
      'is lost). Set PATGATE_SECRET to manage it yourself.',
  );
  return secret;
}

function readSecretFile(file: string, warn: (message: string) => void): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.length < 32) {
    throw new Error(
      `The secret in ${file} is shorter than 32 characters. Restore the file from a backup, or delete it ` +
        'to generate a new one (every existing token then stops working).',
    );
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    warn(`${file} is readable by other users; run \`chmod 600 ${file}\`.`);
  }
  return text;
}
