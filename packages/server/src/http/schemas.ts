/**
 * The input shapes REST and GraphQL share, so both APIs accept exactly the same input. Field rules come
 * from the services (`streamCreateInput`, `streamPatchInput`, `commitInput`), which check them again for
 * every other caller, and the token id shape from the middleware (`TOKEN_ID_PATTERN`); the APIs add only
 * strictness: an unknown field is refused rather than dropped, and a patch must change something.
 */
import { MAX_RESOURCE_IDS, TOKEN_ID_PATTERN } from '@patgate/middleware';
import { z } from 'zod';
import { MAX_ROTATION_GRACE_SECONDS, STREAM_ROLES } from '../scopes.js';
import { commitInput, commitMessage } from '../services/commits.js';
import { nameSchema, streamCreateInput, streamPatchInput } from '../services/streams.js';

export { nameSchema };

/**
 * A database id as it appears in a URL or argument. Ids are UUIDs, so anything else is refused before the
 * database sees it (and cannot turn into a 500 on PostgreSQL's typed columns).
 *
 * @example
 * idSchema.parse('0b8f…'); // throws for 'abc'
 */
export const idSchema = z.uuid({ error: 'must be a valid id' });

/**
 * `limit` and `cursor` of every list (`?limit=&cursor=` over REST, arguments over GraphQL). Limit defaults
 * to 25 and is capped at 100; the cursor is the opaque string a previous page returned.
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
 * Body of `POST /streams` and input of GraphQL's `streamCreate`.
 *
 * @example
 * createBody.parse({ name: 'Bridge', isPublic: false });
 */
export const createBody = streamCreateInput.strict();

/**
 * Body of `PATCH /streams/:id` and input of GraphQL's `streamUpdate` (without its `id`).
 *
 * @example
 * patchBody.parse({ isPublic: true });
 */
export const patchBody = streamPatchInput
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { error: 'give at least one of name, description, isPublic, isDiscoverable' });

/**
 * Input of GraphQL's `commitCreate` (without its `streamId`): Speckle's `CommitCreateInput`, whose
 * `message` is optional and may be empty.
 *
 * @example
 * commitCreateInput.parse({ objectId: 'f00d', sourceApplication: 'Rhino', totalChildrenCount: 12 });
 */
export const commitCreateInput = commitInput.strict();

/**
 * Body of `POST /streams/:id/commits`: the same fields, but the REST contract has always asked for a
 * non-empty `message`, so it still does.
 *
 * @example
 * commitBody.parse({ message: 'Add deck', branchName: 'main' });
 */
export const commitBody = commitInput.extend({ message: commitMessage.min(1) }).strict();

/**
 * Body of `PUT /streams/:id/collaborators/:userId` and input of GraphQL's `streamGrantPermission`.
 *
 * @example
 * grantBody.parse({ role: 'stream:reviewer' });
 */
export const grantBody = z.object({ role: z.enum(STREAM_ROLES) }).strict();

/**
 * The name and scopes of a new token, as `POST /tokens` and GraphQL's `apiTokenCreate` take them (the
 * issuer then refuses unknown and ungrantable scopes). The two differ only in how they say the lifespan.
 *
 * @example
 * z.object({ ...tokenCreateFields, lifespan: z.number().optional() }).strict();
 */
export const tokenCreateFields = {
  name: nameSchema,
  scopes: z.array(z.string().min(1).max(100)).min(1).max(50),
};

/**
 * The streams a new token is limited to (`POST /tokens`): 1 to 100 stream ids, or null/absent for all of
 * the owner's. The token service then checks that the owner works on each.
 *
 * @example
 * tokenStreamIds.parse(['0b6f…']);
 */
export const tokenStreamIds = z.array(idSchema).min(1).max(MAX_RESOURCE_IDS).nullable().optional();

/**
 * A token id (`DELETE /tokens/:id`, GraphQL's `apiTokenRevoke`): the 10 base62 characters of the token's
 * lookup part. Anything else cannot exist.
 *
 * @example
 * tokenIdSchema.parse('AbC123xyz0');
 */
export const tokenIdSchema = z.string().regex(TOKEN_ID_PATTERN, 'must be a token id');

/**
 * The lifespans `POST /api/tokens` accepts, as the profile page offers them. `never` is accepted here and
 * then refused by the issuer's policy unless that policy allows tokens without expiry.
 *
 * @example
 * LIFESPAN_CHOICES.includes('90d'); // true
 */
export const LIFESPAN_CHOICES = ['7d', '30d', '90d', '1y', 'never'] as const;
export type LifespanChoice = (typeof LIFESPAN_CHOICES)[number];

/**
 * The body of `POST /api/tokens` (the profile page's session only), with the streams to limit the token to.
 *
 * @example
 * tokenCreateBody.parse({ name: 'CI', scopes: ['streams:read'] }).lifespan; // '30d'
 */
export const tokenCreateBody = z
  .object({
    ...tokenCreateFields,
    lifespan: z.enum(LIFESPAN_CHOICES).default('30d'),
    streamIds: tokenStreamIds.describe("Limit the token to these streams (1 to 100 of the caller's); null or absent: all."),
  })
  .strict();

/**
 * The body of `POST /api/tokens/current/rotate`: how long the old token keeps working beside its
 * successor, in whole seconds from 0 to a day; 0 (the default, also for no body) revokes it at once.
 *
 * @example
 * rotateBody.parse({}).graceSeconds; // 0
 */
export const rotateBody = z.object({ graceSeconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).default(0) }).strict();
