import type { Command } from 'commander';
import { withDatabase } from '../database.js';
import { CliError, printResult } from '../io.js';
import type { CliIo } from '../io.js';
import { parseTokenId } from '../options.js';

/**
 * `patgate token revoke ID`: revokes a token by the id `token list` shows. A running server refuses it
 * within its token cache time (`PATGATE_TOKEN_CACHE_TTL_MS`, 2 s by default). Revoking a revoked token
 * succeeds and says so; an unknown id is an error.
 *
 * @example
 * registerTokenRevoke(tokenCommand, processIo()); // patgate token revoke 3Fq9ZkP1aB
 */
export function registerTokenRevoke(parent: Command, io: CliIo): void {
  parent
    .command('revoke')
    .description('revoke a token by its id')
    .argument('<id>', 'the token id shown by `patgate token list`', parseTokenId)
    .action(async (id: string, options: { json?: boolean }) => {
      const revoked = await withDatabase(io, async ({ store, issuer }) => {
        const token = await store.findById(id);
        if (!token) throw new CliError(`No token with the id ${id}. See \`patgate token list --user EMAIL\`.`, 'token_not_found');
        // Through the issuer, as the server does, so revocation has one code path.
        return issuer.revoke(token.ownerId, id, { actor: 'cli' });
      });
      printResult(io, options.json, { id, revoked, alreadyRevoked: !revoked }, () =>
        revoked ? `Revoked token ${id}.` : `Token ${id} was already revoked.`,
      );
    });
}
