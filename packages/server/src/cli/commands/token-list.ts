import { Option } from 'commander';
import type { Command } from 'commander';
import type { TokenInfo } from '@patgate/middleware';
import { toTokenInfo } from '@patgate/middleware';
import { findUserByEmail, withDatabase } from '../database.js';
import type { CliDatabase } from '../database.js';
import { printResult } from '../io.js';
import type { CliIo } from '../io.js';
import { parseEmail, parseLifespan } from '../options.js';
import { formatTokenTable, TOKEN_STATES, toTokenView } from '../token-view.js';
import type { TokenView } from '../token-view.js';

interface ListOptions {
  user?: string;
  all?: boolean;
  state?: TokenView['status'];
  lastUsedBefore?: number;
  json?: boolean;
}

/** Every token of the server, newest first, each with its owner's email: for operators. */
async function everyToken({ models, store }: CliDatabase): Promise<{ info: TokenInfo; owner: string }[]> {
  const tokens = await store.listAll();
  const users = await models.User.findAll({ attributes: ['id', 'email'] });
  const emails = new Map(users.map((user) => [user.id, user.email]));
  return tokens.map((token) => ({ info: toTokenInfo(token), owner: emails.get(token.ownerId) ?? token.ownerId }));
}

/**
 * Whether a token was last used (or, never used, created) before `cutoff`: the tokens an operator looks
 * at when cleaning up ones nobody uses any more. A token made yesterday and not used yet is not stale.
 */
function idleSince(view: TokenView, cutoff: Date): boolean {
  return Date.parse(view.lastUsedAt ?? view.createdAt) < cutoff.getTime();
}

/**
 * `patgate token list --user EMAIL` (one user's tokens) or `--all` (every user's, with the owner's email,
 * for operators), newest first, revoked and expired ones included, with their status. `--state` keeps
 * one status (the same rule the rest of the CLI shows), `--last-used-before 90d` keeps tokens not used
 * in that long. Never a secret: the store holds none.
 *
 * @example
 * registerTokenList(tokenCommand, processIo()); // patgate token list --all --state active --last-used-before 90d --json
 */
export function registerTokenList(parent: Command, io: CliIo): void {
  parent
    .command('list')
    .description("list a user's tokens, or with --all every user's (never their secrets)")
    .option('--user <email>', 'email of the user', parseEmail)
    .option('--all', "every user's tokens, each with its owner (for operators)")
    .addOption(new Option('--state <state>', 'only tokens in this state').choices(TOKEN_STATES))
    .option('--last-used-before <duration>', 'only tokens not used (or, never used, created) in this long, such as 90d', parseLifespan)
    .action(async (options: ListOptions, command: Command) => {
      if (Boolean(options.user) === Boolean(options.all)) {
        // A usage error like commander's own (exit 2, help hint), before the database is opened.
        command.error("error: give either '--user <email>' or '--all'", { exitCode: 2, code: 'patgate.userOrAll' });
      }
      const tokens = await withDatabase(io, async (db) => {
        if (options.all) return everyToken(db);
        const user = await findUserByEmail(db.models, options.user!);
        return (await db.issuer.list(user.id)).map((info) => ({ info, owner: user.email }));
      });
      const now = new Date();
      const cutoff = options.lastUsedBefore === undefined ? undefined : new Date(now.getTime() - options.lastUsedBefore);
      const views = tokens
        .map(({ info, owner }) => ({ ...toTokenView(info, now), ...(options.all && { owner }) }))
        .filter((view) => (options.state === undefined || view.status === options.state) && (cutoff === undefined || idleSince(view, cutoff)));
      const whose = options.all ? 'The server' : options.user;
      const filtered = options.state !== undefined || cutoff !== undefined;
      printResult(io, options.json, views, () =>
        views.length === 0 ? `${whose} has no tokens${filtered ? ' that match' : ''}.` : formatTokenTable(views),
      );
    });
}
