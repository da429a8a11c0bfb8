import { TokenPolicyError } from '@patgate/middleware';
import type { Command } from 'commander';
import { SCOPES } from '../../scopes.js';
import { findUserByEmail, withDatabase } from '../database.js';
import { CliError, printResult } from '../io.js';
import type { CliIo } from '../io.js';
import { createOwnToken } from '../../services/tokens.js';
import { LIFESPAN_UNITS_HELP, parseEmail, parseLifespan, parseName, parseScopeList, parseStreamList } from '../options.js';
import { toTokenView } from '../token-view.js';

interface TokenCreateOptions {
  user: string;
  name: string;
  scopes: string[];
  expiresIn?: number;
  streams?: string[];
  json?: boolean;
}

const GRANTABLE = SCOPES.filter((scope) => scope.grantable).map((scope) => scope.name);

/**
 * `patgate token create --user EMAIL --name NAME --scopes a,b [--expires-in 30d] [--streams id,id]`: issues a token under the
 * server's own policy and prints it once. Without `--json` the token alone goes to stdout (so
 * `TOKEN=$(patgate token create …)` works) and the explanation to stderr.
 *
 * @example
 * registerTokenCreate(tokenCommand, processIo());
 */
export function registerTokenCreate(parent: Command, io: CliIo): void {
  parent
    .command('create')
    .description('create a personal access token for a user and print it once')
    .requiredOption('--user <email>', 'email of the user the token acts for', parseEmail)
    .requiredOption('--name <name>', 'a label for the token, e.g. "CI deploy"', parseName)
    .requiredOption('--scopes <list>', `comma-separated scopes: ${GRANTABLE.join(', ')}`, parseScopeList)
    .option('--expires-in <duration>', `lifespan: a number and a unit, such as 90s, 12h, 30d, 6mo or 1y (default 30d, at most 1y); units: ${LIFESPAN_UNITS_HELP}`, parseLifespan)
    .option('--streams <ids>', "comma-separated ids of the user's streams the token is limited to (default: all of them)", parseStreamList)
    .action(async (options: TokenCreateOptions) => {
      const issued = await withDatabase(io, async ({ models, issuer }) => {
        const user = await findUserByEmail(models, options.user);
        const { name, scopes, expiresIn: lifespanMs, streams: streamIds } = options;
        return createOwnToken(models, issuer, user.id, { name, scopes, lifespanMs, streamIds }, { actor: 'cli' });
      }).catch((error: unknown) => {
        if (error instanceof TokenPolicyError && error.code === 'unknown_scope') {
          throw new CliError(`${error.message}. Known scopes: ${GRANTABLE.join(', ')}.`, error.code);
        }
        throw error;
      });
      const view = toTokenView(issued.info, new Date());
      if (!options.json) {
        io.stderr(
          `Created token "${view.name}" (id ${view.id}) for ${options.user}, scopes ${view.scopes.join(', ')}, ` +
            `${view.streamIds ? `limited to stream${view.streamIds.length > 1 ? 's' : ''} ${view.streamIds.join(', ')}, ` : ''}` +
            `expires ${view.expiresAt ?? 'never'}.\nCopy it now: it is not shown again.\n`,
        );
      }
      printResult(io, options.json, { token: issued.token, ...view }, () => issued.token);
    });
}
