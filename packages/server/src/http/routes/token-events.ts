import type { Router } from 'express';
import { requireScopes } from '../../scopes.js';
import { z } from 'zod';
import { listTokenEvents } from '../../services/token-events.js';
import type { TokenEventSources } from '../../services/token-events.js';
import { currentUser } from '../auth.js';
import { paginationSchema, tokenIdSchema } from '../schemas.js';
import { parseRequest } from '../validate.js';

const paramsSchema = z.object({ id: tokenIdSchema }).strict();

/**
 * `GET /tokens/:id/events`: a token's history (created, first used, rotated, revoked, refused, leak
 * reported), newest first and paged like every list. `tokens:read`, and only the owner's tokens: any
 * other id is 404.
 *
 * @example
 * tokenEventRoutes(api, { models, issuer, events });
 */
export function tokenEventRoutes(router: Router, sources: TokenEventSources): void {
  router.get('/tokens/:id/events', requireScopes('tokens:read'), async (req, res) => {
    const { id } = parseRequest(req, 'params', paramsSchema);
    const page = parseRequest(req, 'query', paginationSchema);
    res.json(await listTokenEvents(sources, currentUser(req).id, id, page));
  });
}
