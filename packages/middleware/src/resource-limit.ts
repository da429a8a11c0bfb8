import { TokenPolicyError } from './errors.js';
import type { PatAuthInfo } from './types.js';

/** The most resource ids one token may be limited to. */
export const MAX_RESOURCE_IDS = 100;
const RESOURCE_ID_MAX = 200;

/**
 * Whether the token behind `info` may reach the resource `resourceId`: always when it carries no limit
 * (`resourceIds` null or absent, or no token at all, as with a session), else only for a listed id. Use it in
 * the one place your app decides who may see a resource, and answer "not found" when it says no, so a
 * limited token cannot even learn which other ids exist.
 *
 * @example
 * const stream = await db.streams.find(req.params.id);
 * if (!stream || !tokenAllowsResource(patAuthInfo(req), stream.id)) return res.status(404).end();
 */
export function tokenAllowsResource(info: Pick<PatAuthInfo, 'resourceIds'> | null | undefined, resourceId: string): boolean {
  const limit = info?.resourceIds;
  return limit === null || limit === undefined || limit.includes(resourceId);
}

/**
 * The issuer's rule for a resource limit: `null`/absent for none, else 1 to {@link MAX_RESOURCE_IDS}
 * non-empty ids of at most 200 characters, duplicates dropped, order kept. TokenPolicyError
 * `invalid_resources` otherwise.
 *
 * @example
 * checkResourceIds(['s1', 's1', 's2']); // ['s1', 's2']
 */
export function checkResourceIds(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0) {
    throw new TokenPolicyError('invalid_resources', 'A resource limit must list at least one resource id (or be null for all)');
  }
  const ids = [...new Set(value)];
  if (ids.length > MAX_RESOURCE_IDS) {
    throw new TokenPolicyError('invalid_resources', `A token can be limited to at most ${MAX_RESOURCE_IDS} resources`);
  }
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0 || id.length > RESOURCE_ID_MAX) {
      throw new TokenPolicyError('invalid_resources', `Each resource id must be a string of 1 to ${RESOURCE_ID_MAX} characters`);
    }
  }
  return ids as string[];
}
