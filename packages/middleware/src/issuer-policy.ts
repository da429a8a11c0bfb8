/** The issuer's input checks that need no issuer state, with the messages policy refusals carry. */
import { TokenPolicyError } from './errors.js';

const DAY = 86_400_000;
const NAME_MAX = 100;

/** The refusal of a rotation or lookup: the same for someone else's token, an unknown one and a spent one. */
export function noLiveToken(): TokenPolicyError {
  return new TokenPolicyError('not_found', 'No live token with that id belongs to you');
}

/** The owner id `create` and `list` need: a non-empty string. */
export function checkOwner(ownerId: unknown): string {
  if (typeof ownerId !== 'string' || ownerId.length === 0) throw new TokenPolicyError('invalid_owner', 'A token needs an owner id');
  return ownerId;
}

/** A token name: trimmed, 1 to 100 characters, no control characters. */
export function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (trimmed.length === 0 || trimmed.length > NAME_MAX || /[\x00-\x1f\x7f]/.test(trimmed)) {
    throw new TokenPolicyError('invalid_name', `A token name must be 1 to ${NAME_MAX} characters with no control characters`);
  }
  return trimmed;
}

/** `'s'` for a list of more than one, for messages. */
export function plural(list: readonly unknown[]): string {
  return list.length > 1 ? 's' : '';
}

/** A lifespan in words for messages: whole days, else seconds. */
export function days(ms: number): string {
  const value = ms / DAY;
  return Number.isInteger(value) ? `${value} day${value === 1 ? '' : 's'}` : `${Math.round(ms / 1000)} seconds`;
}
