import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../services/users.js';
import { CliError } from './io.js';
import type { CliIo } from './io.js';

/**
 * The password for `user create --password-stdin` and `user set-password --password-stdin`. From a
 * terminal: asked twice without echo, and refused (exit 1) if the two differ, so a typo cannot lock the
 * account. From a pipe: all of standard input minus the one line break `echo` adds (inner and edge spaces
 * are kept), as before.
 *
 * @example
 * const password = await readNewPassword(io, 'user create');
 */
export async function readNewPassword(io: CliIo, command: string): Promise<string> {
  if (io.stdinIsTty) {
    const password = await io.readSecret(`Password (${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, not shown): `);
    if (password === '') throw new CliError('No password was entered.', 'empty_password');
    const again = await io.readSecret('Repeat the password: ');
    if (again !== password) throw new CliError('The two passwords differ; nothing was changed. Run the command again.', 'password_mismatch');
    return password;
  }
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  if (password === '') {
    throw new CliError(`--password-stdin read an empty password. Pipe one in: printf '%s' "$PW" | patgate ${command} …`, 'empty_password');
  }
  return password;
}
