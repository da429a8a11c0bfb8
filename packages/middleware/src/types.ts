/**
 * Public types of `@patgate/middleware`. Every option documents its default here, so this file is the
 * reference for what can be configured.
 */

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
}

/** A hook for errors patgate handles off the request path (for example a failed last-used write). */
export type ErrorReporter = (error: unknown, context: { operation: string; tokenId?: string }) => void;

/** Options shared by everything that reads or writes tokens. */
export interface TokenFormatOptions {
  /**
   * The token prefix, 2 to 16 lower-case letters or digits, starting with a letter. It lets secret
   * scanners recognise your tokens. Defaults to `'pat'`.
   */
  prefix?: string;
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
  touchIntervalMs?: number;
  /**
   * Caches token records in memory for this many milliseconds so that repeated requests skip the store.
   * A token revoked elsewhere (another process, the CLI) is then refused at most this long after. Call
   * `verifier.invalidate(id)` to drop one at once. `0` turns the cache off. Defaults to `0`.
   */
  cacheTtlMs?: number;
  /** The most records the cache holds; the oldest go first. Defaults to `10_000`. */
  cacheMaxEntries?: number;
  /**
   * Turns the owner id into `req.user`. Resolve `null` when the owner no longer exists: the token is then
   * refused. Defaults to `(ownerId) => ({ id: ownerId })`.
   */
  resolveUser?: (ownerId: string, token: StoredToken) => MaybePromise<User | null>;
  /** Receives errors from last-used writes, which never fail a request. Defaults to `console.error`. */
  onError?: ErrorReporter;
  /**
   * Hears `first_used`, `refused_revoked` and `refused_expired` (actor `self`), for an audit log. Called
   * synchronously inside `verify`: queue the event, never block or throw. Defaults to none.
   */
  onEvent?: TokenEventListener;
  /** The clock. Inject one in tests. Defaults to `() => new Date()`. */
  now?: () => Date;
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
  allowQuery?: boolean;
  /**
   * Accept `access_token` in an `application/x-www-form-urlencoded` body (RFC 6750 section 2.2). Needs a
   * body parser before the middleware. Defaults to `false`.
   */
  allowBody?: boolean;
  /** The realm named in `WWW-Authenticate`: printable ASCII (0x20-0x7E), as a header must be. Defaults to `'patgate'`. */
  realm?: string;
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
  ungrantableScopes?: readonly string[];
  /** Lifespan when the caller asks for none, in milliseconds. Defaults to 30 days. */
  defaultLifespanMs?: number;
  /**
   * The longest lifespan allowed, in milliseconds; `null` allows tokens that never expire (a lifespan of
   * `null` in `create`). Defaults to 365 days.
   */
  maxLifespanMs?: number | null;
  /**
   * Live (unrevoked, unexpired) tokens one owner may hold. Defaults to `100`.
   *
   * A soft limit: `create` counts the owner's live tokens, then inserts, so concurrent creates for one
   * owner can each see room and together go a few over. It bounds a careless script, not a determined
   * race; a hard limit needs a constraint in the store itself (for example a per-owner counter updated in
   * the same transaction as the insert). `rotate` replaces a token and does not count against it.
   */
  maxTokensPerOwner?: number;
  /** A verifier whose cache is cleared when a token is revoked or rotated here. Defaults to none. */
  verifier?: { invalidate(tokenId: string): void };
  /**
   * Hears `created`, `rotated`, `revoked` and `leak_reported`, with the actor the caller names, for an
   * audit log. Called synchronously after the store has changed: queue the event, never block or throw.
   * Defaults to none.
   */
  onEvent?: TokenEventListener;
  /** The clock. Inject one in tests. Defaults to `() => new Date()`. */
  now?: () => Date;
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
  lifespanMs?: number | null;
  /**
   * The scopes the caller holds. When given, every requested scope must be among them, so that a token can
   * never grant more than its creator has. Defaults to no such limit (for a signed-in owner).
   */
  callerScopes?: readonly string[];
}

/**
 * What `TokenIssuer.revokeByValue` found: `'revoked'` (a live token, revoked by this call), `'inactive'`
 * (a real token, already revoked or expired) or `'unknown'` (not a token of this issuer, or a wrong secret).
 *
 * @example
 * const label = (await issuer.revokeByValue(value)) === 'unknown' ? 'false_positive' : 'true_positive';
 */
export type RevokeByValueResult = 'revoked' | 'inactive' | 'unknown';

/** What can happen to a token, as {@link TokenEvent} reports it. */
export type TokenEventType = 'created' | 'first_used' | 'rotated' | 'revoked' | 'refused_revoked' | 'refused_expired' | 'leak_reported';

/**
 * Who made it happen: the signed-in `owner`, the token acting on itself (`self`), an `admin`, the `cli`,
 * or a `leak_report` (someone who found the token). An app may name its own actors.
 */
export type TokenEventActor = 'owner' | 'self' | 'admin' | 'cli' | 'leak_report' | (string & {});

/**
 * One thing that happened to a token, for an audit log. Never carries a secret.
 *
 * @example
 * const onEvent: TokenEventListener = (event) => auditQueue.push(event);
 * // { type: 'revoked', tokenId: '3Fq9ZkP1aB', ownerId: 'u1', at: Date, actor: 'owner', ip: '203.0.113.7', userAgent: 'curl/8.5' }
 */
export interface TokenEvent {
  type: TokenEventType;
  tokenId: string;
  ownerId: string;
  at: Date;
  actor: TokenEventActor;
  ip?: string;
  userAgent?: string;
  /** Where a leak report found the token. */
  url?: string;
}

/** Receives {@link TokenEvent}s. Must not throw; an error it throws is reported through `onError` or dropped. */
export type TokenEventListener = (event: TokenEvent) => void;

/**
 * The request a verification belongs to, passed to `verify(token, context)` so events say where a use
 * came from. `authenticate()` and the strategy pass it for you.
 *
 * @example
 * await verifier.verify(token, { ip: req.ip, userAgent: req.get('user-agent') });
 */
export interface RequestContext {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Who is changing a token, passed to the issuer's `create`, `revoke`, `rotate` and `revokeByValue` so
 * their events name the actor. Defaults to `{ actor: 'owner' }` (`'leak_report'` for `revokeByValue`).
 *
 * @example
 * await issuer.revoke(userId, tokenId, { actor: 'owner', ip: req.ip, userAgent: req.get('user-agent') });
 */
export interface ActorContext extends RequestContext {
  actor: TokenEventActor;
  /** Where the token was found, for a leak report. */
  url?: string | undefined;
}
