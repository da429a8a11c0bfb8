import { z } from 'zod';
import type { Request } from 'express';
import { idSchema } from './schemas.js';

type Part = 'params' | 'query' | 'body';

/**
 * Parses one part of the request, or throws a `ZodError` whose paths start with the part's name
 * (`body.name`, `params.id`), which the error handler turns into a 400 naming the field.
 *
 * @example
 * const { id } = parseRequest(req, 'params', z.object({ id: idSchema }).strict());
 */
export function parseRequest<S extends z.ZodType>(req: Request, part: Part, schema: S): z.output<S> {
  // Express leaves `req.body` undefined when nothing was sent; an absent body is an empty object.
  const input: unknown = part === 'body' ? (req.body ?? {}) : req[part];
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new z.ZodError(result.error.issues.map((issue) => ({ ...issue, path: [part, ...issue.path] })));
}

/**
 * The `:id` path parameter of stream routes.
 *
 * @example
 * const { id } = parseRequest(req, 'params', streamParamsSchema);
 */
export const streamParamsSchema = z.object({ id: idSchema }).strict();

/**
 * An empty body: for routes that take none, so a stray field is an error rather than silently ignored.
 *
 * @example
 * parseRequest(req, 'body', emptyBodySchema);
 */
export const emptyBodySchema = z.object({}).strict();
