import { Router } from 'express';
import { parseDuration, requireScopes } from '@patgate/middleware';
import type { TokenInfo, TokenIssuer } from '@patgate/middleware';
import type { Response } from 'express';
import { NotFoundError } from '../../services/errors.js';
import { readPage, toPage } from '../../services/pagination.js';
import { currentBearerToken, currentUser } from '../auth.js';
import { z } from 'zod';
import { emptyBodySchema, nameSchema, paginationSchema, parseRequest } from '../validate.js';

/**
 * The lifespans `POST /api/tokens` accepts, as the profile page offers them. `never` is accepted here and
 * then refused by the issuer's policy unless that policy allows tokens without expiry.
 *
 * @example
 * LIFESPAN_CHOICES.includes('90d'); // true
 */
export const LIFESPAN_CHOICES = ['7d', '30d', '90d', '1y', 'never'] as const;
export type LifespanChoice = (typeof LIFESPAN_CHOICES)[number];

const createTokenSchema = z
  .object({
    name: nameSchema,
    scopes: z.array(z.string().min(1).max(100)).min(1).max(50),
    lifespan: z.enum(LIFESPAN_CHOICES).default('30d'),
  })
  .strict();

/**
 * A token id: the base62 lookup part of the token; anything else cannot exist. Shared with GraphQL's
 * `apiTokenRevoke`.
 *
 * @example
 * tokenIdSchema.parse('AbC123xyz0');
 */
export const tokenIdSchema = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be a token id');
const tokenParamsSchema = z.object({ id: tokenIdSchema }).strict();

/**
 * Revokes one of the owner's tokens by id, for `DELETE /tokens/:id` and GraphQL's `apiTokenRevoke`.
 * Revoking twice is not an error (DELETE is idempotent); someone else's token is "not found".
 *
 * @example
 * await revokeOwnToken(issuer, currentUser(req).id, 'AbC123xyz0');
 */
export async function revokeOwnToken(issuer: TokenIssuer, ownerId: string, tokenId: string): Promise<void> {
  if (!(await issuer.revoke(ownerId, tokenId)) && !(await issuer.get(ownerId, tokenId))) throw new NotFoundError('Token not found');
}

/**
 * A token as the API shows it: everything the owner may know, never the secret or its hash.
 *
 * @example
 * res.json(toTokenJson(info));
 */
export function toTokenJson(info: TokenInfo) {
  const { id, name, scopes, lastChars, createdAt, expiresAt, lastUsedAt, revokedAt } = info;
  return { id, name, scopes, lastChars, createdAt, expiresAt, lastUsedAt, revokedAt };
}

/** Newest first, ties broken by id, the same order the keyset cursor assumes. */
function newestFirst(a: TokenInfo, b: TokenInfo): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** A body holding a plaintext token must never be stored by a browser or proxy cache. */
function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store');
}

/**
 * The caller's tokens (`GET /tokens`) and the token making the request (`/tokens/current`: introspect,
 * revoke, rotate). Creating (`POST /tokens`) and revoking (`DELETE /tokens/:id`) need `tokens:write`,
 * which no PAT carries, so only the profile page's signed-in session (and the CLI, directly) can do them.
 *
 * @example
 * api.use(tokenRoutes(issuer));
 */
export function tokenRoutes(issuer: TokenIssuer): Router {
  const router = Router();

  router.get('/tokens', requireScopes('tokens:read'), async (req, res) => {
    const { limit, after } = readPage(parseRequest(req, 'query', paginationSchema));
    // One owner holds at most a few hundred tokens, so paging in memory keeps the store interface small.
    const all = (await issuer.list(currentUser(req).id)).sort(newestFirst);
    const rest = after
      ? all.filter((t) => t.createdAt < after.at || (t.createdAt.getTime() === after.at.getTime() && t.id < after.id))
      : all;
    const page = toPage(rest.slice(0, limit + 1), limit, all.length, (t) => ({ at: t.createdAt, id: t.id }), toTokenJson);
    res.json(page);
  });

  // No scope needed: any valid token may see, revoke or rotate itself, and nothing else.
  router.get('/tokens/current', async (req, res) => {
    const info = await issuer.get(currentUser(req).id, currentBearerToken(req).tokenId);
    if (!info) throw new NotFoundError('Token not found');
    res.json(toTokenJson(info));
  });

  router.delete('/tokens/current', async (req, res) => {
    await issuer.revoke(currentUser(req).id, currentBearerToken(req).tokenId);
    res.status(204).end();
  });

  router.post('/tokens/current/rotate', async (req, res) => {
    parseRequest(req, 'body', emptyBodySchema);
    const { tokenId, scopes } = currentBearerToken(req);
    const issued = await issuer.rotate(currentUser(req).id, tokenId, { callerScopes: scopes });
    noStore(res).status(201).json({ token: issued.token, ...toTokenJson(issued.info) });
  });

  // After the `/tokens/current` routes, so `current` is never taken for an id.
  router.post('/tokens', requireScopes('tokens:write'), async (req, res) => {
    const { name, scopes, lifespan } = parseRequest(req, 'body', createTokenSchema);
    const lifespanMs = lifespan === 'never' ? null : parseDuration(lifespan);
    const issued = await issuer.create({ ownerId: currentUser(req).id, name, scopes, lifespanMs });
    noStore(res).status(201).json({ token: issued.token, ...toTokenJson(issued.info) });
  });

  router.delete('/tokens/:id', requireScopes('tokens:write'), async (req, res) => {
    const { id } = parseRequest(req, 'params', tokenParamsSchema);
    await revokeOwnToken(issuer, currentUser(req).id, id);
    res.status(204).end();
  });

  return router;
}
