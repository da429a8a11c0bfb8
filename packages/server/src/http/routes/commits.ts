import type { Router } from 'express';
import { requireScopes } from '../../scopes.js';
import type { Models } from '../../db/models.js';
import { createCommit, listCommits } from '../../services/commits.js';
import { currentCaller } from '../auth.js';
import { commitBody, paginationSchema } from '../schemas.js';
import { parseRequest, streamParamsSchema } from '../validate.js';

/**
 * A stream's commits: list (newest first, paginated) and create (contributors and owners).
 *
 * @example
 * commitRoutes(api, models);
 */
export function commitRoutes(router: Router, models: Models): void {
  router.get('/streams/:id/commits', requireScopes('streams:read'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    const page = parseRequest(req, 'query', paginationSchema);
    res.json(await listCommits(models, currentCaller(req), id, page));
  });

  router.post('/streams/:id/commits', requireScopes('streams:write'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    const input = parseRequest(req, 'body', commitBody);
    res.status(201).json(await createCommit(models, currentCaller(req), id, input));
  });
}
