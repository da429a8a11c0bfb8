import { z } from 'zod';
import { isSessionRequest } from '../authentication.js';
import { actionContext } from '../http/auth.js';
import { tokenCreateFields } from '../http/schemas.js';
import { ForbiddenError } from '../services/errors.js';
import type { GraphQLContext } from './context.js';
import { parseArg } from './inputs.js';

/**
 * Speckle's `ApiTokenCreateInput`: name, scopes and a lifespan in milliseconds (the BigInt scalar has made
 * it a whole number); null means "the default", as in Speckle. The issuer then applies the server's policy
 * (positive, at most 365 days).
 */
const tokenInput = z.object({ ...tokenCreateFields, lifespan: z.number().int().nullable().optional() }).strict();

/**
 * `apiTokenCreate`: mints a token for the signed-in profile page's session and returns it, the one time it
 * is shown (the response must never be cached). The field already needs `tokens:write`, which no personal
 * access token can hold; the session check says the same again in case a policy ever let one hold it.
 *
 * @example
 * mutationResolvers.Mutation.apiTokenCreate = apiTokenCreate;
 */
export async function apiTokenCreate(_root: unknown, args: { token: unknown }, context: GraphQLContext): Promise<string> {
  if (!isSessionRequest(context.req)) {
    throw new ForbiddenError('Tokens are created on the profile page, with its signed-in session; a personal access token cannot create tokens');
  }
  const { name, scopes, lifespan } = parseArg('token', tokenInput, args.token);
  const issued = await context.issuer.create({ ownerId: context.user.id, name, scopes, lifespanMs: lifespan ?? undefined }, actionContext(context.req, 'owner'));
  context.req.res?.set('Cache-Control', 'no-store');
  return issued.token;
}
