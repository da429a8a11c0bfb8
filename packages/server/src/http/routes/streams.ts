import type { Router } from 'express';
import { requireScopes } from '../../scopes.js';
import type { Models } from '../../db/models.js';
import { createStream, deleteStream, getStream, listStreams, updateStream } from '../../services/streams.js';
import { currentCaller } from '../auth.js';
import { createBody, paginationSchema, patchBody } from '../schemas.js';
import { parseRequest, streamParamsSchema } from '../validate.js';

/**
 * The stream collection and single streams: list, create, read, change, delete.
 *
 * @example
 * streamRoutes(api, models);
 */
export function streamRoutes(router: Router, models: Models): void {
  router.get('/streams', requireScopes('streams:read'), async (req, res) => {
    const page = parseRequest(req, 'query', paginationSchema);
    res.json(await listStreams(models, currentCaller(req), page));
  });

  router.post('/streams', requireScopes('streams:write'), async (req, res) => {
    const input = parseRequest(req, 'body', createBody);
    // Explicit null so the answer has the same fields as a later GET of the stream.
    const stream = await createStream(models, currentCaller(req), { ...input, description: input.description ?? null });
    res.status(201).location(`/api/streams/${encodeURIComponent(stream.id)}`).json(stream);
  });

  router.get('/streams/:id', requireScopes('streams:read'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    res.json(await getStream(models, currentCaller(req), id));
  });

  router.patch('/streams/:id', requireScopes('streams:write'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    const patch = parseRequest(req, 'body', patchBody);
    res.json(await updateStream(models, currentCaller(req), id, patch));
  });

  router.delete('/streams/:id', requireScopes('streams:write'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    await deleteStream(models, currentCaller(req), id);
    res.status(204).end();
  });
}
