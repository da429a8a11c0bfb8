import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createUser } from '../../services/users.js';
import { withDatabase } from '../database.js';
import { printResult } from '../io.js';
import type { CliIo } from '../io.js';
import { parseEmail, parseName } from '../options.js';
import { readNewPassword } from '../password-input.js';

interface UserCreateOptions {
  email: string;
  name: string;
  passwordStdin?: boolean;
  admin?: boolean;
  json?: boolean;
}

/**
 * `patgate user create --email --name [--password-stdin] [--admin]`: creates a user. The password comes
 * from standard input (so it never sits in shell history or `ps`; on a terminal it is asked twice without
 * echo), or is generated and printed once.
 *
 * @example
 * registerUserCreate(userCommand, processIo());
 * // printf '%s' "$PW" | patgate user create --email you@example.com --name You --admin --password-stdin
 */
export function registerUserCreate(parent: Command, io: CliIo): void {
  parent
    .command('create')
    .description('create a user (with --admin, a server:admin)')
    .requiredOption('--email <address>', 'the email the user signs in with', parseEmail)
    .requiredOption('--name <name>', 'the name shown on the profile', parseName)
    .option('--password-stdin', 'read the password from standard input (a terminal asks twice, hidden) instead of generating one')
    .option('--admin', 'make the user a server:admin')
    .action(async (options: UserCreateOptions) => {
      const password = options.passwordStdin ? await readNewPassword(io, 'user create') : undefined;
      const generated = password === undefined ? randomBytes(18).toString('base64url') : undefined;
      const user = await withDatabase(io, ({ models }) =>
        createUser(models, {
          email: options.email,
          name: options.name,
          password: password ?? generated!,
          serverRole: options.admin ? 'server:admin' : 'server:user',
        }),
      );
      const result = { id: user.id, email: user.email, name: user.name, serverRole: user.serverRole };
      printResult(io, options.json, generated === undefined ? result : { ...result, password: generated }, () =>
        [
          `Created user ${user.email} (id ${user.id}, ${user.serverRole}).`,
          ...(generated === undefined ? [] : [`Password (shown once, store it now): ${generated}`]),
        ].join('\n'),
      );
    });
}
