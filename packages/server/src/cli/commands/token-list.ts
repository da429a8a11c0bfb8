import type { Command } from 'commander';
import { findUserByEmail, withDatabase } from '../database.js';
import { printResult } from '../io.js';
import type { CliIo } from '../io.js';
import { parseEmail } from '../options.js';
import { formatTokenTable, toTokenView } from '../token-view.js';

/**
 * `patgate token list --user EMAIL`: every token of a user, newest first, revoked and expired ones
 * included, with its status. Never a secret: the store holds none.
 *
 * @example
 * registerTokenList(tokenCommand, processIo()); // patgate token list --user you@example.com --json
 */
export function registerTokenList(parent: Command, io: CliIo): void {
  parent
    .command('list')
    .description("list a user's tokens (never their secrets)")
    .requiredOption('--user <email>', 'email of the user', parseEmail)
    .action(async (options: { user: string; json?: boolean }) => {
      const tokens = await withDatabase(io, async ({ models, issuer }) => {
        const user = await findUserByEmail(models, options.user);
        return issuer.list(user.id);
      });
      const now = new Date();
      const views = tokens.map((info) => toTokenView(info, now));
      printResult(io, options.json, views, () =>
        views.length === 0 ? `${options.user} has no tokens.` : formatTokenTable(views),
      );
    });
}
