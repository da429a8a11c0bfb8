import { TokenPolicyError } from './errors.js';

/** The longest token name, in characters. */
const NAME_MAX = 100;
/** One day in milliseconds. */
export const DAY = 86_400_000;

/**
 * The issuer's input checks and the wording of its refusals: an owner id, a token name, and the plural and
 * day counts its messages use. Each refusal is a `TokenPolicyError` whose message names the problem.
 */

/**
 * The owner id, or a refusal: a token needs one.
 *
 * @example
 * const ownerId = checkOwner(input.ownerId);
 */
export function checkOwner(ownerId: unknown): string {
  if (typeof ownerId !== 'string' || ownerId.length === 0) throw new TokenPolicyError('invalid_owner', 'A token needs an owner id');
  return ownerId;
}

/**
 * The trimmed token name, or a refusal: 1 to 100 characters, no control characters.
 *
 * @example
 * checkName('  CI deploy '); // 'CI deploy'
 */
export function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (trimmed.length === 0 || trimmed.length > NAME_MAX || /[\x00-\x1f\x7f]/.test(trimmed)) {
    throw new TokenPolicyError('invalid_name', `A token name must be 1 to ${NAME_MAX} characters with no control characters`);
  }
  return trimmed;
}

/**
 * `'s'` for more than one.
 *
 * @example
 * `Unknown scope${plural(unknown)}`;
 */
export function plural(list: readonly unknown[]): string {
  return list.length > 1 ? 's' : '';
}

/**
 * A lifespan as people read it: whole days, else seconds.
 *
 * @example
 * days(30 * 86_400_000); // '30 days'
 */
export function days(ms: number): string {
  const value = ms / DAY;
  return Number.isInteger(value) ? `${value} day${value === 1 ? '' : 's'}` : `${Math.round(ms / 1000)} seconds`;
}

/**
 * The refusal of a rotation or lookup: the same for someone else's token, an unknown one and a spent one,
 * so an answer never tells which.
 *
 * @example
 * if (!record || record.ownerId !== ownerId) throw noLiveToken();
 */
export function noLiveToken(): TokenPolicyError {
  return new TokenPolicyError('not_found', 'No live token with that id belongs to you');
}

/**
 * The requested scopes, deduplicated, or a refusal: at least one, every one known, none ungrantable, and
 * (when `callerScopes` is given) none the caller does not hold.
 *
 * @example
 * checkScopes(['streams:read'], undefined, new Set(['streams:read']), new Set()); // ['streams:read']
 */
export function checkScopes(
  requested: unknown,
  callerScopes: readonly string[] | undefined,
  known: ReadonlySet<string>,
  ungrantable: ReadonlySet<string>,
): string[] {
  if (!Array.isArray(requested) || requested.length === 0) throw new TokenPolicyError('no_scopes', 'A token needs at least one scope');
  const scopes = [...new Set(requested.map(String))];
  const unknown = scopes.filter((s) => !known.has(s));
  if (unknown.length) throw new TokenPolicyError('unknown_scope', `Unknown scope${plural(unknown)}: ${unknown.join(', ')}`);
  const refused = scopes.filter((s) => ungrantable.has(s));
  if (refused.length) throw new TokenPolicyError('scope_not_grantable', `Scope${plural(refused)} ${refused.join(', ')} cannot be granted to a personal access token`);
  if (callerScopes) {
    const held = new Set(callerScopes);
    const beyond = scopes.filter((s) => !held.has(s));
    if (beyond.length) throw new TokenPolicyError('scope_not_held', `You cannot grant scope${plural(beyond)} you do not hold: ${beyond.join(', ')}`);
  }
  return scopes;
}

/**
 * The lifespan a token gets, or a refusal: `undefined` means `defaultMs`; `null` (no expiry) only where
 * `maxMs` is `null`; else a positive whole number of milliseconds no longer than `maxMs`.
 *
 * @example
 * checkLifespan(undefined, 30 * DAY, 365 * DAY); // 2592000000
 */
export function checkLifespan(lifespanMs: number | null | undefined, defaultMs: number, maxMs: number | null): number | null {
  if (lifespanMs === undefined) return defaultMs;
  if (lifespanMs === null) {
    if (maxMs === null) return null;
    throw new TokenPolicyError('lifespan_too_long', `Tokens must expire; the longest lifespan allowed is ${days(maxMs)}`);
  }
  if (typeof lifespanMs !== 'number' || !Number.isSafeInteger(lifespanMs) || lifespanMs <= 0) {
    throw new TokenPolicyError('invalid_lifespan', 'The lifespan must be a positive whole number of milliseconds');
  }
  if (maxMs !== null && lifespanMs > maxMs) {
    throw new TokenPolicyError('lifespan_too_long', `The lifespan ${days(lifespanMs)} is over the maximum of ${days(maxMs)}`);
  }
  return lifespanMs;
}

/**
 * The grace window of a rotation, or a refusal: `undefined` is 0; else whole milliseconds from 0 to `maxMs`,
 * and above 0 only with a store that can `retire` a token.
 *
 * @example
 * checkGrace(30_000, 86_400_000, true); // 30000
 */
export function checkGrace(graceMs: unknown, maxMs: number, storeCanRetire: boolean): number {
  if (graceMs === undefined) return 0;
  if (typeof graceMs !== 'number' || !Number.isSafeInteger(graceMs) || graceMs < 0 || graceMs > maxMs) {
    throw new TokenPolicyError('invalid_grace', `The grace window must be a whole number of milliseconds from 0 to ${maxMs}`);
  }
  if (graceMs > 0 && !storeCanRetire) {
    throw new TypeError('patgate: TokenIssuer.rotate with a grace window needs a store with retire(id, at, expiresAt); this store has none');
  }
  return graceMs;
}

/**
 * The refusal of a token over the owner's live-token limit.
 *
 * @example
 * throw tooManyTokens(100);
 */
export function tooManyTokens(max: number): TokenPolicyError {
  return new TokenPolicyError('too_many_tokens', `You already hold ${max} live tokens, the most allowed; revoke one first`);
}
