import { ID_LENGTH } from './token-format.js';
import type { StoredToken } from './types.js';

/** Where a token stands: usable, revoked by someone, or past its expiry. */
export type TokenState = 'active' | 'revoked' | 'expired';

/**
 * Whether the token has expired at `now`: it has an expiry and that moment has come (a token expiring at
 * exactly `now` is expired). `now` is a `Date` or milliseconds since the epoch. The one definition the verifier, the issuer and every view of a token use.
 *
 * @example
 * if (isExpired(token, new Date())) row.classList.add('expired');
 */
export function isExpired(token: Pick<StoredToken, 'expiresAt'>, now: Date | number): boolean {
  return token.expiresAt !== null && token.expiresAt.getTime() <= (typeof now === 'number' ? now : now.getTime());
}

/**
 * The token's state at `now`; revoked wins over expired.
 *
 * @example
 * tokenState({ revokedAt: null, expiresAt: null }, new Date()); // 'active'
 */
export function tokenState(token: Pick<StoredToken, 'revokedAt' | 'expiresAt'>, now: Date): TokenState {
  if (token.revokedAt) return 'revoked';
  return isExpired(token, now) ? 'expired' : 'active';
}

/**
 * Whether a token may still be used at `now`: not revoked and not expired ({@link tokenState} is
 * `'active'`). What the issuer counts against `maxTokensPerOwner` and rotates.
 *
 * @example
 * const live = (await store.listByOwner(ownerId)).filter((t) => isLiveToken(t, new Date()));
 */
export function isLiveToken(token: Pick<StoredToken, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return tokenState(token, now) === 'active';
}

/**
 * What a token id looks like: the 10 base62 characters after the prefix (the store's lookup key). Anything
 * else cannot be a token id.
 *
 * @example
 * TOKEN_ID_PATTERN.test('AbC123xyz0'); // true
 */
export const TOKEN_ID_PATTERN: RegExp = new RegExp(`^[0-9A-Za-z]{${ID_LENGTH}}$`);

/**
 * Whether `value` has the shape of a token id ({@link TOKEN_ID_PATTERN}).
 *
 * @example
 * isTokenId('AbC123xyz0'); // true
 * isTokenId('current'); // false
 */
export function isTokenId(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_ID_PATTERN.test(value);
}
