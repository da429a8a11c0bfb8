/**
 * Public types of `@patgate/middleware`. Every option documents its default here, so this file is the
 * reference for what can be configured.
 */
import type { TokenEventListener } from './event-types.js';

export type * from './event-types.js';
export type * from './scope-types.js';

/** A value a store may return either directly (a synchronous store) or as a promise. */
export type MaybePromise<T> = Promise<T> | T;

/**
 * One personal access token as a store keeps it. There is no secret here: only its keyed hash.
 *
 * @example
 * const record: StoredToken = {
 *   id: '3Fq9ZkP1aB', ownerId: 'user-1', name: 'CI deploy', scopes: ['streams:read'],
 *   secretHash: 'c0ffee…', lastChars: 'x9Qa1z', createdAt: new Date(), expiresAt: null,
 *   lastUsedAt: null, revokedAt: null,
 * };
 */
export interface StoredToken {
  /** The lookup key: the 10 base62 characters after the prefix. Unique. */
  id: string;
  /** Who the token acts for. Opaque to patgate. */
  ownerId: string;
  /** A label the owner chose, 1 to 100 characters. */
  name: string;
  /** The scopes granted, as given at creation. */
  scopes: string[];
  /** Lower-case hex HMAC-SHA-256 of the secret under the server's pepper. */
  secretHash: string;
  /** The last characters of the full token, for display ("…x9Qa1z"). */
  lastChars: string;
  createdAt: Date;
  /** `null` only where the issuer's policy allows tokens that never expire. */
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The app's resource ids this token is limited to (order kept); `null` or absent: all. Defaults to `null`. */
  resourceIds?: string[] | null | undefined;
}

/**
 * Where tokens live. Implement it for your database and prove it with `tokenStoreContract` from
 * `@patgate/middleware/testing`. Every method may be synchronous or return a promise.
 *
 * @example
 * class MyStore implements TokenStore {
 *   async insert(token) { await db.tokens.insert(token); }
 *   async findById(id) { return (await db.tokens.get(id)) ?? null; }
 *   async listByOwner(ownerId) { return db.tokens.where({ ownerId }); }
 *   async revoke(id, at) { return (await db.tokens.update(id, { revokedAt: at }, { revokedAt: null })) === 1; }
 *   async touch(id, at) { await db.tokens.update(id, { lastUsedAt: at }); }
 * }
 */
export interface TokenStore {
  /** Saves a new token. Must reject if a token with the same `id` exists. */
  insert(token: StoredToken): MaybePromise<void>;
  /** The token with this id, revoked and expired ones included, or `null`. */
  findById(id: string): MaybePromise<StoredToken | null>;
  /** Every token of this owner, revoked and expired ones included, newest first. */
  listByOwner(ownerId: string): MaybePromise<StoredToken[]>;
  /**
   * Marks the token revoked at `at`. Resolves `true` if this call revoked it, `false` if it was unknown or
   * already revoked (the first `revokedAt` is kept).
   */
  revoke(id: string, at: Date): MaybePromise<boolean>;
  /** Records a use of the token. Never un-revokes. Unknown ids are ignored. */
  touch(id: string, at: Date): MaybePromise<void>;
}

/**
 * What a verified token tells the app, set as `req.authInfo`.
 *
 * @example
 * app.get('/me', requireScopes('profile:read'), (req, res) => {
 *   res.json({ token: req.authInfo?.tokenId, scopes: req.authInfo?.scopes });
 * });
 */
export interface PatAuthInfo {
  tokenId: string;
  scopes: readonly string[];
  expiresAt: Date | null;
  /** The resource ids the token is limited to; `null` or absent: all. Check it with `tokenAllowsResource`. */
  resourceIds?: readonly string[] | null | undefined;
}

/**
 * Where a verifier keeps token records between requests so that repeated requests skip the store. Same
 * shape as {@link TokenStore}: every method may be synchronous or return a promise, so an in-process map
 * and a Redis-backed cache both fit. The cache decides how long an entry lives; a revoked token is
 * refused at the latest when its entry expires, and at once on instances whose `invalidate` runs.
 * A method that throws or rejects never fails a request: the verifier reports it through `onError` and
 * reads the store instead. The default is `MemoryTokenCache` (`cacheTtlMs`, `cacheMaxEntries`).
 *
 * @example
 * const cache: TokenCache = {
 *   get: async (id) => decode(await redis.get(`tok:${id}`)),
 *   set: async (id, token) => { await redis.set(`tok:${id}`, encode(token), 'PX', 2000); },
 *   delete: async (id) => { await redis.del(`tok:${id}`); },
 * };
 * const verifier = new TokenVerifier({ store, pepper, cache });
 */
export interface TokenCache {
  /** The cached record, or `undefined` when there is none (or it has expired). */
  get(tokenId: string): MaybePromise<StoredToken | undefined>;
  /** Remembers a record just read from the store. */
  set(tokenId: string, token: StoredToken): MaybePromise<void>;
  /** Forgets a record, because the token was revoked or rotated. */
  delete(tokenId: string): MaybePromise<void>;
}

/**
 * Anything that must forget a token the moment it is revoked or rotated: a `TokenVerifier`, or a
 * fan-out to several (this process's verifier plus other instances). The issuer awaits it.
 *
 * @example
 * const issuer = new TokenIssuer({ store, pepper, scopes, verifier });
 */
export interface TokenInvalidator {
  invalidate(tokenId: string): MaybePromise<void>;
}

/** A hook for errors patgate handles off the request path (for example a failed last-used write). */
export type ErrorReporter = (error: unknown, context: { operation: string; tokenId?: string }) => void;

/** Options shared by everything that reads or writes tokens. */
export interface TokenFormatOptions {
  /**
   * The token prefix, 2 to 16 lower-case letters or digits, starting with a letter. It lets secret
   * scanners recognise your tokens. Defaults to `'pat'`.
   */
  prefix?: string | undefined;
}

/**
 * Options of {@link TokenVerifier}.
 *
 * @example
 * const verifier = new TokenVerifier({ store, pepper: process.env.PATGATE_SECRET! });
 */
export interface TokenVerifierOptions<User = PatUser> extends TokenFormatOptions {
  /** Where tokens are looked up. Required. */
  store: TokenStore;
  /**
   * The server secret the token secrets are hashed under (HMAC-SHA-256), at least 32 bytes. Required.
   * Keep it out of the database: a stolen table is then useless without it.
   */
  pepper: string | Uint8Array;
  /**
   * How often, at most, the last-used time of one token is written, in milliseconds. The write never
   * delays the request. `0` writes on every use. Defaults to `60_000`.
   */
  touchIntervalMs?: number | undefined;
  /**
   * Caches token records in memory for this many milliseconds so that repeated requests skip the store.
   * A token revoked elsewhere (another process, the CLI) is then refused at most this long after. Call
   * `verifier.invalidate(id)` to drop one at once. `0` turns the cache off. Configures the default
   * `MemoryTokenCache`; not allowed together with `cache`. Defaults to `0`.
   */
  cacheTtlMs?: number | undefined;
  /** The most records the default cache holds; the oldest go first. Not allowed with `cache`. Defaults to `10_000`. */
  cacheMaxEntries?: number | undefined;
  /**
   * Your own {@link TokenCache} (a shared Redis cache, say) in place of the in-memory one. Defaults to a
   * `MemoryTokenCache` with `cacheTtlMs` and `cacheMaxEntries`.
   */
  cache?: TokenCache | undefined;
  /**
   * Turns the owner id into `req.user`. Resolve `null` when the owner no longer exists: the token is then
   * refused. Defaults to `(ownerId) => ({ id: ownerId })`.
   */
  resolveUser?: ((ownerId: string, token: StoredToken) => MaybePromise<User | null>) | undefined;
  /**
   * Receives errors patgate handles off the request path, which never fail a request: last-used writes
   * (`'touch'`), cache failures (`'cache'`) and event listeners (`'event'`). Defaults to `console.error`.
   */
  onError?: ErrorReporter | undefined;
  /**
   * Receives `first_used` (the first successful verification of a token whose `lastUsedAt` is null, once
   * per process), `refused_revoked` and `refused_expired` (only once the secret matched) with the
   * request's address and user agent. Never awaited. Defaults to none.
   */
  onEvent?: TokenEventListener | undefined;
  /** The clock. Inject one in tests. Defaults to `() => new Date()`. */
  now?: (() => Date) | undefined;
}

/** The default `req.user` a verifier produces when no `resolveUser` is given. */
export interface PatUser {
  id: string;
}

/** Where a token may be read from. */
export interface TokenLocationOptions {
  /**
   * Accept `?access_token=` in the query string. Off by default: URLs end up in logs and browser history
   * (RFC 6750 section 5.3, RFC 9700). Defaults to `false`.
   */
  allowQuery?: boolean | undefined;
  /**
   * Accept `access_token` in an `application/x-www-form-urlencoded` body (RFC 6750 section 2.2). Needs a
   * body parser before the middleware. Defaults to `false`.
   */
  allowBody?: boolean | undefined;
  /** The realm named in `WWW-Authenticate`: printable ASCII (0x20-0x7E), as a header must be. Defaults to `'patgate'`. */
  realm?: string | undefined;
}

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
   * Live (unrevoked, unexpired) tokens one owner may hold. Defaults to `100`.
   *
   * A soft limit: `create` counts the owner's live tokens, then inserts, so concurrent creates for one
   * owner can each see room and together go a few over. It bounds a careless script, not a determined
   * race; a hard limit needs a constraint in the store itself (for example a per-owner counter updated in
   * the same transaction as the insert). `rotate` replaces a token and does not count against it.
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

/**
 * What `TokenIssuer.revokeByValue` found: `'revoked'` (a live token, revoked by this call), `'inactive'`
 * (a real token, already revoked or expired) or `'unknown'` (not a token of this issuer, or a wrong secret).
 *
 * @example
 * const label = (await issuer.revokeByValue(value)) === 'unknown' ? 'false_positive' : 'true_positive';
 */
export type RevokeByValueResult = 'revoked' | 'inactive' | 'unknown';
