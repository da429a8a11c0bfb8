import { Router } from 'express';
import { requireScopes } from '@patgate/middleware';
import type { TokenInfo, TokenIssuer } from '@patgate/middleware';
import type { Response } from 'express';
import { NotFoundError } from '../../services/errors.js';
import { readPage, toPage } from '../../services/pagination.js';
import { currentToken, currentUser } from '../auth.js';
import { emptyBodySchema, paginationSchema, parseRequest } from '../validate.js';

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
 * revoke, rotate). Creating and revoking other tokens needs `tokens:write`, which no PAT carries: that
 * happens on the profile page and in the CLI.
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
    const info = await issuer.get(currentUser(req).id, currentToken(req).tokenId);
    if (!info) throw new NotFoundError('Token not found');
    res.json(toTokenJson(info));
  });

  router.delete('/tokens/current', async (req, res) => {
    await issuer.revoke(currentUser(req).id, currentToken(req).tokenId);
    res.status(204).end();
  });

  router.post('/tokens/current/rotate', async (req, res) => {
    parseRequest(req, 'body', emptyBodySchema);
    const { tokenId, scopes } = currentToken(req);
    const issued = await issuer.rotate(currentUser(req).id, tokenId, { callerScopes: scopes });
    noStore(res).status(201).json({ token: issued.token, ...toTokenJson(issued.info) });
  });

  return router;
}
