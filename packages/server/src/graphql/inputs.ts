import { z } from 'zod';
import { idSchema, paginationSchema } from '../http/schemas.js';
import type { PageInput } from '../services/pagination.js';

/**
 * Parses one GraphQL argument with a zod schema (the REST routes' own schemas, so both APIs accept
 * exactly the same input), or throws a `ZodError` whose paths start with the argument's name
 * (`stream.name`), which the error formatter turns into `BAD_USER_INPUT` naming the field.
 *
 * @example
 * const input = parseArg('stream', createStreamBody, args.stream);
 */
export function parseArg<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // ZodRealError, unlike zod 4's ZodError, is an `Error`: graphql-js replaces anything else thrown by a
  // resolver with a generic "Unexpected error value", which would lose the field the caller must fix.
  throw new z.ZodRealError(result.error.issues.map((issue) => ({ ...issue, path: [name, ...issue.path] })));
}

/**
 * A string argument that must be a database id, checked as the REST routes check `:id`.
 *
 * @example
 * const streamId = parseId('id', args.id);
 */
export function parseId(name: string, value: unknown): string {
  return parseArg(name, idSchema, value);
}

/** GraphQL passes an omitted argument as absent and an explicit `null` as null; both mean "the default". */
function withoutNulls(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null && value !== undefined));
}

/**
 * `limit` and `cursor` of a paginated field, through the REST routes' `paginationSchema` (1 to 100,
 * default 25).
 *
 * @example
 * listStreams(models, userId, parsePage(args));
 */
export function parsePage(args: { limit?: number | null; cursor?: string | null }): PageInput {
  // Paths stay `limit` / `cursor`: those are the argument names the caller wrote.
  return paginationSchema.parse(withoutNulls(args));
}
