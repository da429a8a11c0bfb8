/**
 * Public types of `@patgate/middleware`. Every option documents its default here, so this file is the
 * reference for what can be configured.
 */
import type { TokenEventListener, VerifyContext } from './event-types.js';

export type * from './event-types.js';
export type * from './scope-types.js';
export type * from './failure-limit-types.js';
export type * from './request-option-types.js';
export type * from './issuer-types.js';

/** A value a store may return either directly (a synchronous store) or as a promise. */
export type MaybePromise<T> = Promise<T> | T;

/**
 * One personal access token as a store keeps it. There is no secret here: only its keyed hash.
 *
 * @example
 * const record: StoredToken = {
 *   id: '3Fq9ZkP1aB', ownerId: 'user-1', name: 'CI deploy', scopes: ['streams:read'],
 *   secretHash: 'c0ffee…', lastChars: 'x9Qa1z', createdAt: new Date(), expiresAt: null,
 *   lastUsedAt: null, lastUsedIp: null, lastUsedUserAgent: null, revokedAt: null,
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
  /**
   * The address of the use that last wrote `lastUsedAt` (Express's `req.ip`, so `trust proxy` applies), or
   * `null`. Written with `lastUsedAt` through the same throttle, so it is at most one touch interval old.
   * Optional for stores written before it existed; `tokenStoreContract` expects it kept.
   */
  lastUsedIp?: string | null;
  /** The `User-Agent` of that use (at most 512 characters), or `null`. Same rules as `lastUsedIp`. */
  lastUsedUserAgent?: string | null;
  revokedAt: Date | null;
  /** The app's resource ids this token is limited to (order kept); `null` or absent: all. Defaults to `null`. */
  resourceIds?: string[] | null | undefined;
  /** First id of the rotation chain (own id after `create`, inherited by `rotate`); absent means `id`. */
  lineageId?: string;
  /**
   * When a rotation replaced this token, or `null`. A rotated token keeps working until its `expiresAt`,
   * which the rotation moved to the end of its grace window, and cannot be rotated again. Optional for
   * stores without {@link TokenStore.retire}.
   */
  rotatedAt?: Date | null;
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
 *   async touch(id, at, use) {
 *     await db.tokens.update(id, { lastUsedAt: at, lastUsedIp: use?.ip ?? null, lastUsedUserAgent: use?.userAgent ?? null });
 *   }
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
  /**
   * Records a use of the token at `at`, from `use.ip` with `use.userAgent` (each `null` in the record when
   * absent). Never un-revokes. Unknown ids are ignored. The verifier calls it at most once per token per
   * `touchIntervalMs`. A store written before `use` existed may ignore it; the contract suite then says so.
   */
  touch(id: string, at: Date, use?: VerifyContext): MaybePromise<void>;
  /**
   * Marks the token rotated at `at` and sets its `expiresAt`, only if it is neither revoked nor already
   * rotated: the one atomic step of `TokenIssuer.rotate`, so that of concurrent rotations exactly one wins.
   * Resolves `true` if this call did it. Optional: without it `rotate` revokes at once and refuses a grace
   * window.
   */
  retire?(id: string, at: Date, expiresAt: Date | null): MaybePromise<boolean>;
  /** Optional: count live tokens and insert as ONE atomic step; `false` (nothing inserted) at `maxLive`. */
  insertWithinLimit?(token: StoredToken, limit: { maxLive: number; now: Date }): MaybePromise<boolean>;
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
  /** The token's rotation lineage ({@link StoredToken.lineageId}), to key budgets by. Set by the verifier. */
  lineageId?: string;
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
  /** Milliseconds an id the store did not know is remembered here (`0`: off). Defaults to `5_000`. */
  negativeCacheTtlMs?: number;
  /** The most unknown ids remembered, oldest dropped first. Defaults to `10_000`. */
  negativeCacheMaxEntries?: number;
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
