import type { ErrorReporter, StoredToken, TokenEventListener, TokenFormatOptions, TokenInvalidator, TokenStore } from './types.js';

/**
 * Options of {@link TokenIssuer}.
 *
 * @example
 * const issuer = new TokenIssuer({
 *   store, pepper, scopes: ['streams:read', 'streams:write', 'tokens:write'],
 *   ungrantableScopes: ['tokens:write'], maxLifespanMs: 365 * 86_400_000,
 * });
 */
export interface TokenIssuerOptions extends TokenFormatOptions {
  /** Where tokens are saved. Required. */
  store: TokenStore;
  /** The same pepper the verifier uses, at least 32 bytes. Required. */
  pepper: string | Uint8Array;
  /** Every scope a token may carry. A request for any other is refused. Required, at least one. */
  scopes: readonly string[];
  /** Scopes that exist but are never put on a token, such as the one that creates tokens. Defaults to `[]`. */
  ungrantableScopes?: readonly string[] | undefined;
  /** Lifespan when the caller asks for none, in milliseconds. Defaults to 30 days. */
  defaultLifespanMs?: number | undefined;
  /**
   * The longest lifespan allowed, in milliseconds; `null` allows tokens that never expire (a lifespan of
   * `null` in `create`). Defaults to 365 days.
   */
  maxLifespanMs?: number | null | undefined;
  /**
   * Live (unrevoked, unexpired) tokens one owner may hold. Defaults to `100`. Hard when the store implements
   * `insertWithinLimit` (150 concurrent creates leave exactly this many); otherwise `create` counts, then
   * inserts, and concurrent creates can go a few over. `rotate` inserts the successor under the same limit,
   * with room for one more while the old token works out a grace window.
   */
  maxTokensPerOwner?: number | undefined;
  /**
   * A verifier (or any {@link TokenInvalidator}) whose cache is cleared when a token is revoked or rotated
   * here; awaited before `revoke` and `rotate` resolve. If it fails, the revocation stands (the store is
   * the truth) and the failure goes to `onError` (operation `'invalidate'`). Defaults to none.
   */
  verifier?: TokenInvalidator | undefined;
  /** Receives `created`, `revoked` and `rotated` with the caller's context. Never awaited. Defaults to none. */
  onEvent?: TokenEventListener | undefined;
  /** Receives failures of `verifier.invalidate` and of `onEvent`, which never fail a call. Defaults to `console.error`. */
  onError?: ErrorReporter | undefined;
  /**
   * The longest grace window `rotate` grants the old token, in milliseconds. Defaults to one day
   * (`86_400_000`).
   */
  maxRotationGraceMs?: number | undefined;
  /** The clock. Inject one in tests. Defaults to `() => new Date()`. */
  now?: (() => Date) | undefined;
}

/** A token as listed to its owner: everything but the hash. */
export type TokenInfo = Omit<StoredToken, 'secretHash'>;

/** What `create` and `rotate` return: the one and only time the plaintext token exists. */
export interface IssuedToken {
  /** The full token. Show it once; patgate cannot show it again. */
  token: string;
  info: TokenInfo;
}

/** Input of `TokenIssuer.create`. */
export interface CreateTokenInput {
  ownerId: string;
  name: string;
  scopes: readonly string[];
  /**
   * Lifespan in milliseconds, or `null` for no expiry (only where `maxLifespanMs` is `null`). Defaults to
   * the issuer's `defaultLifespanMs`.
   */
  lifespanMs?: number | null | undefined;
  /**
   * The scopes the caller holds. When given, every requested scope must be among them, so that a token can
   * never grant more than its creator has. Defaults to no such limit (for a signed-in owner).
   */
  callerScopes?: readonly string[] | undefined;
  /**
   * Limits the token to 1 to 100 resource ids (check the owner reaches each first); kept by `rotate`.
   * Defaults to `null` (all).
   */
  resourceIds?: readonly string[] | null | undefined;
}

/** Options of `TokenIssuer.rotate`. */
export interface RotateTokenOptions {
  /** The scopes the caller holds now; the successor's scopes are re-checked against them. Defaults to no such limit. */
  callerScopes?: readonly string[] | undefined;
  /**
   * How long the old token keeps working beside its successor, in milliseconds, so that a fleet can switch
   * without downtime; never past the old token's own expiry, at most `maxRotationGraceMs`. With `0` the old
   * token is revoked at once. Needs a store with `retire` when above 0. Defaults to `0`.
   */
  graceMs?: number | undefined;
}

/**
 * What `TokenIssuer.revokeByValue` found: `'revoked'` (a live token, revoked by this call), `'inactive'`
 * (a real token, already revoked or expired) or `'unknown'` (not a token of this issuer, or a wrong secret).
 *
 * @example
 * const label = (await issuer.revokeByValue(value)) === 'unknown' ? 'false_positive' : 'true_positive';
 */
export type RevokeByValueResult = 'revoked' | 'inactive' | 'unknown';
