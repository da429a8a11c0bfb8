import type { Command } from 'commander';
import { listUsers } from '../../services/users.js';
import { withDatabase } from '../database.js';
import { printResult } from '../io.js';
import type { CliIo } from '../io.js';
import { formatTable } from '../token-view.js';

/**
 * `patgate user list`: every user, oldest first, with id, email, name and server role. Never a password
 * hash.
 *
 * @example
 * registerUserList(userCommand, processIo()); // patgate user list --json
 */
export function registerUserList(parent: Command, io: CliIo): void {
  parent
    .command('list')
    .description('list users (id, email, name, server role, created)')
    .action(async (options: { json?: boolean }) => {
      const users = await withDatabase(io, ({ models }) => listUsers(models));
      const views = users.map((u) => ({ id: u.id, email: u.email, name: u.name, serverRole: u.serverRole, createdAt: u.createdAt.toISOString() }));
      printResult(io, options.json, views, () =>
        views.length === 0
          ? 'No users yet. Create the first admin: npx patgate user create --email you@example.com --name "You" --admin --password-stdin'
          : formatTable([['ID', 'EMAIL', 'NAME', 'ROLE', 'CREATED'], ...views.map((v) => [v.id, v.email, v.name, v.serverRole, v.createdAt.slice(0, 10)])]),
      );
    });
}
