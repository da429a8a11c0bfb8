import { isTokenId } from '@patgate/middleware';
import type { CreateTokenInput, IssuedToken, TokenActionContext, TokenInfo, TokenIssuer } from '@patgate/middleware';
import { Op } from 'sequelize';
import type { Models } from '../db/models.js';
import { callerUserId, reachableStreamIds } from './access.js';
import type { Caller } from './access.js';
import { BadInputError, NotFoundError } from './errors.js';
import { pageInMemory } from './pagination.js';
import type { Page, PageInput } from './pagination.js';

/**
 * A token as the APIs show it: everything the owner may know, never the secret or its hash. `streamIds` is
 * the middleware's `resourceIds`: the streams the token is limited to, `null` for all of the owner's.
 */
export type TokenJson = Pick<TokenInfo, 'id' | 'name' | 'scopes' | 'lastChars' | 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt'> & {
  streamIds: string[] | null;
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
  const streamIds = info.resourceIds ? [...info.resourceIds] : null;
  return { id, name, scopes, lastChars, createdAt, expiresAt, lastUsedAt, lastUsedIp, lastUsedUserAgent, revokedAt, streamIds };
}

/** What {@link createOwnToken} takes: the issuer's input without the owner, plus the streams to limit it to. */
export type OwnTokenInput = Omit<CreateTokenInput, 'ownerId' | 'resourceIds'> & { streamIds?: readonly string[] | null | undefined };

/**
 * Issues a token for the caller, limited to `streamIds` when given (`null` or absent: all their streams).
 * Each stream must be one the caller has a role on, and within the caller's own limit, else BadInputError
 * naming it: a limit is never a way to reach a stream the owner cannot. REST, the CLI and the profile page
 * all create tokens through here.
 *
 * @example
 * const { token } = await createOwnToken(models, issuer, userId, { name: 'CI', scopes: ['streams:read'], streamIds: [streamId] });
 */
export async function createOwnToken(
  models: Models,
  issuer: TokenIssuer,
  caller: Caller,
  input: OwnTokenInput,
  context: TokenActionContext = {},
): Promise<IssuedToken> {
  const ownerId = callerUserId(caller);
  const { streamIds, ...rest } = input;
  const resourceIds = streamIds === null || streamIds === undefined ? reachableStreamIds(caller) : await ownStreams(models, caller, streamIds);
  return issuer.create({ ...rest, ownerId, resourceIds }, context);
}

async function ownStreams(models: Models, caller: Caller, streamIds: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(streamIds)];
  const limit = reachableStreamIds(caller);
  const rows = await models.StreamAcl.findAll({ where: { userId: callerUserId(caller), streamId: { [Op.in]: wanted } }, attributes: ['streamId'] });
  const held = new Set(rows.map((row) => row.streamId));
  const missing = wanted.filter((id) => !held.has(id) || (limit !== null && !limit.includes(id)));
  if (missing.length > 0) throw new BadInputError(`streamIds: you have no stream with the id ${missing.join(', ')}`);
  return wanted;
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
