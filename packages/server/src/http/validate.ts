import { z } from 'zod';
import type { Request } from 'express';

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
 * A database id as it appears in a URL. Ids are UUIDs, so anything else is refused before the database
 * sees it (and cannot turn into a 500 on PostgreSQL's typed columns).
 *
 * @example
 * idSchema.parse('0b8f…'); // throws for 'abc'
 */
export const idSchema = z.uuid({ error: 'must be a valid id' });

/**
 * A human-readable name: trimmed, 1 to 100 characters.
 *
 * @example
 * nameSchema.parse('  My stream '); // 'My stream'
 */
export const nameSchema = z.string().trim().min(1).max(100);

/**
 * `?limit=&cursor=` of every list route. Limit defaults to 25 and is capped at 100; the cursor is the
 * opaque string a previous page returned.
 *
 * @example
 * const { limit, cursor } = parseRequest(req, 'query', paginationSchema);
 */
export const paginationSchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

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
