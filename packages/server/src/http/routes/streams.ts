import { Router } from 'express';
import { requireScopes } from '@patgate/middleware';
import { z } from 'zod';
import type { Models } from '../../db/models.js';
import { createStream, deleteStream, getStream, listStreams, updateStream } from '../../services/streams.js';
import { currentUser } from '../auth.js';
import { nameSchema, paginationSchema, parseRequest, streamParamsSchema } from '../validate.js';

const streamFields = {
  name: nameSchema,
  description: z.string().max(5000).nullable(),
  isPublic: z.boolean(),
};

/**
 * Body of `POST /streams`; exported so GraphQL's `streamCreate` accepts exactly the same input.
 *
 * @example
 * createBody.parse({ name: 'Bridge', isPublic: false });
 */
export const createBody = z
  .object({ ...streamFields, description: streamFields.description.optional(), isPublic: streamFields.isPublic.optional() })
  .strict();

/**
 * Body of `PATCH /streams/:id`; exported so GraphQL's `streamUpdate` accepts exactly the same input.
 *
 * @example
 * patchBody.parse({ isPublic: true });
 */
export const patchBody = z
  .object(streamFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { error: 'give at least one of name, description, isPublic' });

/**
 * The stream collection and single streams: list, create, read, change, delete.
 *
 * @example
 * api.use(streamRoutes(models));
 */
export function streamRoutes(models: Models): Router {
  const router = Router();

  router.get('/streams', requireScopes('streams:read'), async (req, res) => {
    const page = parseRequest(req, 'query', paginationSchema);
    res.json(await listStreams(models, currentUser(req).id, page));
  });

  router.post('/streams', requireScopes('streams:write'), async (req, res) => {
    const input = parseRequest(req, 'body', createBody);
    // Explicit null so the answer has the same fields as a later GET of the stream.
    const stream = await createStream(models, currentUser(req).id, { ...input, description: input.description ?? null });
    res.status(201).location(`/api/streams/${encodeURIComponent(stream.id)}`).json(stream);
  });

  router.get('/streams/:id', requireScopes('streams:read'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    res.json(await getStream(models, currentUser(req).id, id));
  });

  router.patch('/streams/:id', requireScopes('streams:write'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    const patch = parseRequest(req, 'body', patchBody);
    res.json(await updateStream(models, currentUser(req).id, id, patch));
  });

  router.delete('/streams/:id', requireScopes('streams:write'), async (req, res) => {
    const { id } = parseRequest(req, 'params', streamParamsSchema);
    await deleteStream(models, currentUser(req).id, id);
    res.status(204).end();
  });

  return router;
}
