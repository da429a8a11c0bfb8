import type { Router } from 'express';
import { parseDuration } from '@patgate/middleware';
import { requireScopes } from '../../scopes.js';
import type { IssuedToken, TokenIssuer } from '@patgate/middleware';
import type { Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../services/errors.js';
import type { Models } from '../../db/models.js';
import { createOwnToken, listOwnTokens, revokeOwnToken, toTokenJson } from '../../services/tokens.js';
import { actionContext, currentBearerToken, currentCaller, currentUser } from '../auth.js';
import { paginationSchema, rotateBody, tokenCreateBody, tokenIdSchema } from '../schemas.js';
import { parseRequest } from '../validate.js';

const tokenParamsSchema = z.object({ id: tokenIdSchema }).strict();

/**
 * Answers 201 with a freshly issued token, the one time its plaintext is sent. A body holding a plaintext
 * token must never be stored by a browser or proxy cache.
 *
 * @example
 * sendIssuedToken(res, await issuer.rotate(user.id, id));
 */
export function sendIssuedToken(res: Response, issued: IssuedToken): void {
  res.set('Cache-Control', 'no-store').status(201).json({ token: issued.token, ...toTokenJson(issued.info) });
}

/**
 * The caller's tokens (`GET /tokens`) and the token making the request (`/tokens/current`: introspect,
 * revoke, rotate). Creating (`POST /tokens`) and revoking (`DELETE /tokens/:id`) need `tokens:write`,
 * which no PAT carries, so only the profile page's signed-in session (and the CLI, directly) can do them.
 *
 * @example
 * tokenRoutes(api, issuer, models);
 */
export function tokenRoutes(router: Router, issuer: TokenIssuer, models: Models): void {
  router.get('/tokens', requireScopes('tokens:read'), async (req, res) => {
    const page = parseRequest(req, 'query', paginationSchema);
    res.json(await listOwnTokens(issuer, currentUser(req).id, page));
  });

  // No scope needed: any valid token may see, revoke or rotate itself, and nothing else.
  router.get('/tokens/current', async (req, res) => {
    const info = await issuer.get(currentUser(req).id, currentBearerToken(req).tokenId);
    if (!info) throw new NotFoundError('Token not found');
    res.json(toTokenJson(info));
  });

  router.delete('/tokens/current', async (req, res) => {
    await issuer.revoke(currentUser(req).id, currentBearerToken(req).tokenId, actionContext(req, 'self'));
    res.status(204).end();
  });

  router.post('/tokens/current/rotate', async (req, res) => {
    const { graceSeconds } = parseRequest(req, 'body', rotateBody);
    const { tokenId, scopes } = currentBearerToken(req);
    const options = { callerScopes: scopes, graceMs: graceSeconds * 1000 };
    const issued = await issuer.rotate(currentUser(req).id, tokenId, options, actionContext(req, 'self'));
    sendIssuedToken(res, issued);
  });

  // After the `/tokens/current` routes, so `current` is never taken for an id.
  router.post('/tokens', requireScopes('tokens:write'), async (req, res) => {
    const { name, scopes, lifespan, streamIds } = parseRequest(req, 'body', tokenCreateBody);
    const lifespanMs = lifespan === 'never' ? null : parseDuration(lifespan);
    const issued = await createOwnToken(models, issuer, currentCaller(req), { name, scopes, lifespanMs, streamIds }, actionContext(req, 'owner'));
    sendIssuedToken(res, issued);
  });

  router.delete('/tokens/:id', requireScopes('tokens:write'), async (req, res) => {
    const { id } = parseRequest(req, 'params', tokenParamsSchema);
    await revokeOwnToken(issuer, currentUser(req).id, id, actionContext(req, 'owner'));
    res.status(204).end();
  });
}
