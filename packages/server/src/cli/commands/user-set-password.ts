import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { setPassword } from '../../services/users.js';
import { endSessionsOf } from '../../web/session-rows.js';
import { findUserByEmail, withDatabase } from '../database.js';
import { printResult } from '../io.js';
import type { CliIo } from '../io.js';
import { parseEmail } from '../options.js';
import { readNewPassword } from '../password-input.js';

/**
 * `patgate user set-password --email EMAIL [--password-stdin]`: gives a user a new password, for someone
 * locked out. Read like `user create` reads it (a terminal asks twice without echo; a pipe gives all of
 * stdin), or generated and printed once. Every browser signed in as them is signed out (whoever knew the
 * old password is out too); their tokens keep working (revoke those with `token revoke`).
 *
 * @example
 * registerUserSetPassword(userCommand, processIo());
 * // printf '%s' "$PW" | patgate user set-password --email you@example.com --password-stdin
 */
export function registerUserSetPassword(parent: Command, io: CliIo): void {
  parent
    .command('set-password')
    .description("set a user's password (to reset a forgotten one)")
    .requiredOption('--email <address>', 'the email the user signs in with', parseEmail)
    .option('--password-stdin', 'read the password from standard input (a terminal asks twice, hidden) instead of generating one')
    .action(async (options: { email: string; passwordStdin?: boolean; json?: boolean }) => {
      const password = options.passwordStdin ? await readNewPassword(io, 'user set-password') : undefined;
      const generated = password === undefined ? randomBytes(18).toString('base64url') : undefined;
      const { user, sessionsEnded } = await withDatabase(io, async ({ models, sequelize }) => {
        const found = await findUserByEmail(models, options.email);
        await setPassword(models, found.id, password ?? generated!);
        return { user: found, sessionsEnded: await endSessionsOf(sequelize, found.id) };
      });
      const result = { id: user.id, email: user.email, passwordChanged: true, sessionsEnded };
      printResult(io, options.json, generated === undefined ? result : { ...result, password: generated }, () =>
        [
          `Set a new password for ${user.email}; signed out of ${sessionsEnded} session(s).`,
          ...(generated === undefined ? [] : [`Password (shown once, store it now): ${generated}`]),
        ].join('\n'),
      );
    });
}
