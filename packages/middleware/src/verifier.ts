import { InvalidTokenError, INVALID_TOKEN_MESSAGE, type InvalidTokenReason } from './errors.js';
import { defaultErrorReporter, eventEmitter, type EventEmitter } from './events.js';
import { optionalClock, optionalFunction, optionalNonNegativeInteger, resolveTokenBase } from './options.js';
import { SecretHasher } from './secret-hash.js';
import { checkToken } from './token-format.js';
import { isExpired } from './token-state.js';
import { TouchThrottle } from './touch-throttle.js';
import { resolveCache } from './token-cache.js';
import { TtlCache } from './ttl-cache.js';
import type {
  ErrorReporter,
  MaybePromise,
  PatAuthInfo,
  PatUser,
  StoredToken,
  TokenCache,
  TokenEventType,
  TokenStore,
  TokenVerifierOptions,
  VerifyContext,
} from './types.js';

const OPTION_NAMES = [
  'store',
  'pepper',
  'prefix',
  'touchIntervalMs',
  'cacheTtlMs',
  'cacheMaxEntries',
  'cache',
  'negativeCacheTtlMs',
  'negativeCacheMaxEntries',
  'resolveUser',
  'onError',
  'onEvent',
  'now',
] as const;
/** A secret no token has: unknown ids are compared against its hash, so they cost what a wrong secret does. */
const DUMMY_SECRET = 'patgate-no-token-has-this-secret';
/** How many token ids the verifier remembers having announced `first_used` for. */
const FIRST_USE_MEMORY = 10_000;

/**
 * The key of {@link TokenVerifier}'s promise-free verify, for `authenticate()` and the strategy. Not
 * exported from the package: apps call `verify`. Registered (`Symbol.for`), so the CommonJS and ESM
 * builds of the adapters find it on a verifier from either.
 */
export const VERIFY_NOW = Symbol.for('patgate.verifyNow');

/** The result of {@link TokenVerifier.verify}: an identity, or the error to answer with. */
export type VerifyResult<User> =
  | { ok: true; user: User; info: PatAuthInfo; token: StoredToken }
  | { ok: false; error: InvalidTokenError };

/**
 * Turns a token string into a verified identity, in the design's order: parse, checksum, cache, store,
 * constant-time compare, revoked, expired, then a throttled last-used write. Knows nothing of HTTP or
 * Passport; the strategy and `authenticate()` adapt it.
 *
 * @example
 * const verifier = new TokenVerifier({ store, pepper: process.env.PATGATE_SECRET! });
 * const result = await verifier.verify(token);
 * if (result.ok) console.log(result.user.id, result.info.scopes);
 */
export class TokenVerifier<User = PatUser> {
  private readonly store: TokenStore;
  private readonly hasher: SecretHasher;
  private readonly prefix: string;
  /** Milliseconds since the epoch: `Date.now` unless `now` is given, so a request makes no `Date`. */
  private readonly clock: () => number;
  private readonly resolveUser: (ownerId: string, token: StoredToken) => Promise<User | null> | User | null;
  private readonly cache: TokenCache;
  private readonly touches: TouchThrottle;
  private readonly onError: ErrorReporter;
  private readonly emit: EventEmitter;
  private readonly firstUses = new Set<string>();
  private readonly unknownIds: TtlCache<true>;
  private readonly dummyHash: string;
  /**
   * Bumped by every `invalidate`. A store read that started before an invalidation must not write its
   * (possibly revoked) record into the cache after the invalidation cleared it.
   */
  private generation = 0;

  constructor(options: TokenVerifierOptions<User>) {
    const owner = 'TokenVerifier';
    const base = resolveTokenBase(owner, options, OPTION_NAMES, '`store` and `pepper`');
    ({ store: this.store, prefix: this.prefix } = base);
    // Keyed once: the pepper's HMAC pads are computed here, not per request.
    this.hasher = new SecretHasher(base.pepper);
    this.clock = optionalClock(owner, options.now);
    this.resolveUser = optionalFunction(owner, 'resolveUser', options.resolveUser, (ownerId: string) => ({ id: ownerId }) as User);
    this.onError = optionalFunction(owner, 'onError', options.onError, defaultErrorReporter);
    this.emit = eventEmitter(optionalFunction(owner, 'onEvent', options.onEvent, undefined), this.onError);
    this.cache = resolveCache(owner, options, options.now);
    this.unknownIds = new TtlCache(
      optionalNonNegativeInteger(owner, 'negativeCacheTtlMs', options.negativeCacheTtlMs, 5_000),
      optionalNonNegativeInteger(owner, 'negativeCacheMaxEntries', options.negativeCacheMaxEntries, 10_000),
    );
    this.dummyHash = this.hasher.digest(DUMMY_SECRET).toString('hex');
    this.touches = new TouchThrottle(
      this.store,
      optionalNonNegativeInteger(owner, 'touchIntervalMs', options.touchIntervalMs, 60_000),
      this.onError,
    );
  }

  /**
   * Verifies a token. Resolves a typed failure for any bad token; rejects only when the store or
   * `resolveUser` fails, which is a server error, not the caller's. `context` (the request's address and
   * user agent) reaches the events.
   */
  async verify(token: string, context: VerifyContext = NO_CONTEXT): Promise<VerifyResult<User>> {
    return this[VERIFY_NOW](token, context);
  }

  /**
   * {@link verify} without the promise where none is needed: when the cache, the store and `resolveUser`
   * all answer synchronously (the memory cache on a hit, `MemoryTokenStore`, the default user), so do
   * `authenticate()` and the strategy, and a request spends no turn of the event loop on its token.
   * Throws or rejects only where `verify` rejects.
   */
  [VERIFY_NOW](token: string, context: VerifyContext): MaybePromise<VerifyResult<User>> {
    const checked = checkToken(token, this.prefix);
    if (!checked.parsed) return refuse(checked.problem);
    const { id, secret } = checked.parsed;
    const now = this.clock();
    const cached = this.cached(id);
    if (cached instanceof Promise) return cached.then((record) => this.withRecord(id, secret, record, now, context));
    return this.withRecord(id, secret, cached, now, context);
  }

  private withRecord(id: string, secret: string, cached: StoredToken | undefined, now: number, context: VerifyContext): MaybePromise<VerifyResult<User>> {
    if (cached) return this.check(cached, secret, now, context);
    if (this.unknownIds.get(id, now)) return this.unknown(secret);
    const started = this.generation;
    const found = this.store.findById(id);
    const after = (record: StoredToken | null): MaybePromise<VerifyResult<User>> => {
      if (!record) {
        this.unknownIds.set(id, true, now);
        return this.unknown(secret);
      }
      // An invalidation while the store was reading: this record may be the revoked token's old state.
      if (this.generation === started) this.remember(id, record);
      return this.check(record, secret, now, context);
    };
    return found instanceof Promise ? found.then(after) : after(found);
  }

  /** An unknown id is hashed and compared like a wrong secret, so the two cost the same. */
  private unknown(secret: string): VerifyResult<User> {
    this.hasher.matches(secret, this.dummyHash);
    return refuse('unknown');
  }

  /** Everything after the lookup: constant-time compare, revoked, expired, owner, last-used. */
  private check(record: StoredToken, secret: string, now: number, context: VerifyContext): MaybePromise<VerifyResult<User>> {
    if (!this.hasher.matches(secret, record.secretHash)) return refuse('secret');
    // From here the caller holds the real token, so the message may say what is wrong with it.
    if (record.revokedAt) {
      this.announce('refused_revoked', record, now, context);
      return refuse('revoked', 'The access token has been revoked');
    }
    if (isExpired(record, now)) {
      this.announce('refused_expired', record, now, context);
      return refuse('expired', 'The access token has expired');
    }
    const user = this.resolveUser(record.ownerId, record);
    return user instanceof Promise ? user.then((found) => this.accept(record, found, now, context)) : this.accept(record, user, now, context);
  }

  private accept(record: StoredToken, user: User | null | undefined, now: number, context: VerifyContext): VerifyResult<User> {
    if (user === null || user === undefined) return refuse('owner', 'The access token belongs to no current user');
    // Never awaited by the request (the design's rule); the throttle reports its own failures.
    void this.touches.touch(record.id, now, context);
    if (record.lastUsedAt === null) this.firstUse(record, now, context);
    // A limit is rare and short: frozen per request, so a route cannot widen it for the next one.
    const resourceIds = record.resourceIds ? Object.freeze([...record.resourceIds]) : null;
    const info = { tokenId: record.id, scopes: frozenScopes(record), expiresAt: record.expiresAt, lineageId: record.lineageId ?? record.id, resourceIds };
    return { ok: true, user, info, token: record };
  }

  /**
   * Drops a cached record, so a revocation made here takes effect on the next request. Resolves once the
   * cache has forgotten it; never rejects (a cache failure goes to `onError`, and the entry's own expiry
   * still bounds it).
   */
  async invalidate(tokenId: string): Promise<void> {
    // Synchronously, before anything is awaited: a lookup already in flight sees it and caches nothing.
    this.generation++;
    this.touches.forget(tokenId);
    try {
      await this.cache.delete(tokenId);
    } catch (error) {
      this.onError(error, { operation: 'cache', tokenId });
    }
  }

  /** A cache that fails is treated as empty: the store answers instead. */
  private cached(tokenId: string): MaybePromise<StoredToken | undefined> {
    try {
      const hit = this.cache.get(tokenId);
      if (!(hit instanceof Promise)) return hit ?? undefined;
      return hit.then(
        (record) => record ?? undefined,
        (error: unknown) => this.cacheFailed(error, tokenId),
      );
    } catch (error) {
      return this.cacheFailed(error, tokenId);
    }
  }

  private cacheFailed(error: unknown, tokenId: string): undefined {
    this.onError(error, { operation: 'cache', tokenId });
    return undefined;
  }

  /** Fills the cache off the request path; a failure only costs the next request a store read. */
  private remember(tokenId: string, record: StoredToken): void {
    const report = (error: unknown) => this.onError(error, { operation: 'cache', tokenId });
    try {
      // Called synchronously, so a synchronous cache holds the record before `verify` resolves.
      const pending = this.cache.set(tokenId, record);
      if (pending instanceof Promise) pending.catch(report);
    } catch (error) {
      report(error);
    }
  }

  /** `first_used` once per process per token: cached records keep `lastUsedAt: null` until they expire. */
  private firstUse(record: StoredToken, at: number, context: VerifyContext): void {
    if (!this.emit || this.firstUses.has(record.id)) return;
    if (this.firstUses.size >= FIRST_USE_MEMORY) this.firstUses.delete(this.firstUses.values().next().value!);
    this.firstUses.add(record.id);
    this.announce('first_used', record, at, context);
  }

  private announce(type: TokenEventType, record: StoredToken, at: number, context: VerifyContext): void {
    this.emit?.({ type, tokenId: record.id, ownerId: record.ownerId, at: new Date(at), actor: undefined, ip: context.ip, userAgent: context.userAgent });
  }
}

function refuse(reason: InvalidTokenReason, message: string = INVALID_TOKEN_MESSAGE): { ok: false; error: InvalidTokenError } {
  // A fresh error each time (handlers and error trackers mark the errors they see), but a cheap one: no
  // stack (see PatgateError) and a challenge built once.
  return { ok: false, error: new InvalidTokenError(reason, message) };
}

const NO_CONTEXT: VerifyContext = Object.freeze({});

// `req.authInfo.scopes` of each record: a frozen copy made once per record, not an array per request. A
// cache hands back the same record object until it expires, so repeated requests share one.
const scopesOf = new WeakMap<StoredToken, readonly string[]>();

function frozenScopes(record: StoredToken): readonly string[] {
  let scopes = scopesOf.get(record);
  if (!scopes) {
    scopes = Object.freeze([...record.scopes]);
    scopesOf.set(record, scopes);
  }
  return scopes;
}
