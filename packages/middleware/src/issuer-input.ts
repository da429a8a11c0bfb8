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
