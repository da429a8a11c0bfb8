import type { Router } from 'express';
import { requireScopes } from '../../scopes.js';
import { z } from 'zod';
import type { Models } from '../../db/models.js';
import { grantPermission, listCollaborators, revokePermission } from '../../services/streams.js';
import { currentCaller } from '../auth.js';
import { grantBody, idSchema } from '../schemas.js';
import { parseRequest, streamParamsSchema } from '../validate.js';

const collaboratorParams = z.object({ id: idSchema, userId: idSchema }).strict();

/**
 * Who works on a stream: list, share (grant or change a role), remove. The services enforce that only
 * owners change the list and that a stream always keeps one owner (409).
 *
 * @example
 * collaboratorRoutes(api, models);
 */
export function collaboratorRoutes(router: Router, models: Models): void {
  router.get('/streams/:id/collaborators', requireScopes('streams:read'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    const items = await listCollaborators(models, currentCaller(req), id);
    res.json({ totalCount: items.length, items });
  });

  router.put('/streams/:id/collaborators/:userId', requireScopes('streams:write'), async (req, res) => {
    const { id, userId } = parseRequest(req, 'params', collaboratorParams);
    const { role } = parseRequest(req, 'body', grantBody);
    res.json(await grantPermission(models, currentCaller(req), id, userId, role));
  });

  router.delete('/streams/:id/collaborators/:userId', requireScopes('streams:write'), async (req, res) => {
    const { id, userId } = parseRequest(req, 'params', collaboratorParams);
    await revokePermission(models, currentCaller(req), id, userId);
    res.status(204).end();
  });
}
