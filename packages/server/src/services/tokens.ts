import { isTokenId } from '@patgate/middleware';
import type { TokenActionContext, TokenInfo, TokenIssuer } from '@patgate/middleware';
import { NotFoundError } from './errors.js';
import { pageInMemory } from './pagination.js';
import type { Page, PageInput } from './pagination.js';

/** A token as the APIs show it: everything the owner may know, never the secret or its hash. */
export type TokenJson = Pick<TokenInfo, 'id' | 'name' | 'scopes' | 'lastChars' | 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt'> & {
  /** Where the last recorded use came from (`req.ip`, so `trust proxy` applies); `null` before any use. */
  lastUsedIp: string | null;
  /** The `User-Agent` of that use, at most 512 characters; `null` before any use or when none was sent. */
  lastUsedUserAgent: string | null;
};

/**
 * A token as the APIs show it: everything the owner may know, never the secret or its hash.
 *
 * @example
 * res.json(toTokenJson(info));
 */
export function toTokenJson(info: TokenInfo): TokenJson {
  const { id, name, scopes, lastChars, createdAt, expiresAt, lastUsedAt, revokedAt } = info;
  const lastUsedIp = info.lastUsedIp ?? null;
  const lastUsedUserAgent = info.lastUsedUserAgent ?? null;
  return { id, name, scopes, lastChars, createdAt, expiresAt, lastUsedAt, lastUsedIp, lastUsedUserAgent, revokedAt };
}

/**
 * The owner's tokens, newest first, one page at a time, with the same cursor as the database lists.
 *
 * @example
 * const first = await listOwnTokens(issuer, userId, { limit: 10 });
 */
export async function listOwnTokens(issuer: TokenIssuer, ownerId: string, page: PageInput = {}): Promise<Page<TokenJson>> {
  // One owner holds at most a few hundred tokens, so paging in memory keeps the store interface small.
  return pageInMemory(await issuer.list(ownerId), page, isTokenId, (t) => ({ at: t.createdAt, id: t.id }), toTokenJson);
}

/**
 * Revokes one of the owner's tokens by id, for `DELETE /api/tokens/:id` and GraphQL's `apiTokenRevoke`.
 * Revoking twice is not an error (DELETE is idempotent); someone else's token is "not found".
 *
 * @example
 * await revokeOwnToken(issuer, currentUser(req).id, 'AbC123xyz0', actionContext(req, 'owner'));
 */
export async function revokeOwnToken(issuer: TokenIssuer, ownerId: string, tokenId: string, context: TokenActionContext = {}): Promise<void> {
  if (!(await issuer.revoke(ownerId, tokenId, context)) && !(await issuer.get(ownerId, tokenId))) throw new NotFoundError('Token not found');
}
