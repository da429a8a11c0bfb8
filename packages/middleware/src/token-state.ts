import type { StoredToken } from './types.js';

/**
 * Whether a token may still be used at `now`: not revoked and not expired (a token expires at the instant
 * of its `expiresAt`). The one definition the issuer, the stores and their limit share.
 *
 * @example
 * const live = (await store.listByOwner(ownerId)).filter((t) => isLiveToken(t, new Date()));
 */
export function isLiveToken(token: Pick<StoredToken, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > now.getTime());
}
