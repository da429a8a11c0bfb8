import { InvalidTokenError, INVALID_TOKEN_MESSAGE, type InvalidTokenReason } from './errors.js';
import { defaultErrorReporter, eventEmitter, type EventEmitter } from './events.js';
import { optionalFunction, optionalNonNegativeInteger, resolveTokenBase } from './options.js';
import { hashesEqual, hashSecret } from './secret-hash.js';
import { checkToken } from './token-format.js';
import { isExpired } from './token-state.js';
import { TouchThrottle } from './touch-throttle.js';
import { resolveCache } from './token-cache.js';
import type {
  ErrorReporter,
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
  'resolveUser',
  'onError',
  'onEvent',
  'now',
] as const;
/** How many token ids the verifier remembers having announced `first_used` for. */
const FIRST_USE_MEMORY = 10_000;

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
  private readonly pepper: Buffer;
  private readonly prefix: string;
  private readonly now: () => Date;
  private readonly resolveUser: (ownerId: string, token: StoredToken) => Promise<User | null> | User | null;
  private readonly cache: TokenCache;
  private readonly touches: TouchThrottle;
  private readonly onError: ErrorReporter;
  private readonly emit: EventEmitter;
  private readonly firstUses = new Set<string>();

  constructor(options: TokenVerifierOptions<User>) {
    const owner = 'TokenVerifier';
    ({ store: this.store, pepper: this.pepper, prefix: this.prefix } = resolveTokenBase(owner, options, OPTION_NAMES, '`store` and `pepper`'));
    this.now = optionalFunction(owner, 'now', options.now, () => new Date());
    this.resolveUser = optionalFunction(owner, 'resolveUser', options.resolveUser, (ownerId: string) => ({ id: ownerId }) as User);
    this.onError = optionalFunction(owner, 'onError', options.onError, defaultErrorReporter);
    this.emit = eventEmitter(optionalFunction(owner, 'onEvent', options.onEvent, undefined), this.onError);
    this.cache = resolveCache(owner, options, this.now);
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
  async verify(token: string, context: VerifyContext = {}): Promise<VerifyResult<User>> {
    const checked = checkToken(token, this.prefix);
    if (!checked.parsed) return refuse(checked.problem);
    const { id, secret } = checked.parsed;

    const now = this.now();
    let record = await this.cached(id);
    if (!record) {
      record = (await this.store.findById(id)) ?? undefined;
      if (!record) return refuse('unknown');
      this.remember(id, record);
    }
    if (!hashesEqual(hashSecret(secret, this.pepper), record.secretHash)) return refuse('secret');
    // From here the caller holds the real token, so the message may say what is wrong with it.
    if (record.revokedAt) {
      this.announce('refused_revoked', record, now, context);
      return refuse('revoked', 'The access token has been revoked');
    }
    if (isExpired(record, now)) {
      this.announce('refused_expired', record, now, context);
      return refuse('expired', 'The access token has expired');
    }
    const user = await this.resolveUser(record.ownerId, record);
    if (user === null || user === undefined) return refuse('owner', 'The access token belongs to no current user');

    // Never awaited by the request (the design's rule); the throttle reports its own failures.
    void this.touches.touch(id, now);
    if (record.lastUsedAt === null) this.firstUse(record, now, context);
    return {
      ok: true,
      user,
      info: { tokenId: record.id, scopes: [...record.scopes], expiresAt: record.expiresAt, resourceIds: record.resourceIds ? [...record.resourceIds] : null },
      token: record,
    };
  }

  /**
   * Drops a cached record, so a revocation made here takes effect on the next request. Resolves once the
   * cache has forgotten it; never rejects (a cache failure goes to `onError`, and the entry's own expiry
   * still bounds it).
   */
  async invalidate(tokenId: string): Promise<void> {
    this.touches.forget(tokenId);
    try {
      await this.cache.delete(tokenId);
    } catch (error) {
      this.onError(error, { operation: 'cache', tokenId });
    }
  }

  /** A cache that fails is treated as empty: the store answers instead. */
  private async cached(tokenId: string): Promise<StoredToken | undefined> {
    try {
      return (await this.cache.get(tokenId)) ?? undefined;
    } catch (error) {
      this.onError(error, { operation: 'cache', tokenId });
      return undefined;
    }
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
  private firstUse(record: StoredToken, at: Date, context: VerifyContext): void {
    if (!this.emit || this.firstUses.has(record.id)) return;
    if (this.firstUses.size >= FIRST_USE_MEMORY) this.firstUses.delete(this.firstUses.values().next().value!);
    this.firstUses.add(record.id);
    this.announce('first_used', record, at, context);
  }

  private announce(type: TokenEventType, record: StoredToken, at: Date, context: VerifyContext): void {
    this.emit?.({ type, tokenId: record.id, ownerId: record.ownerId, at, actor: undefined, ip: context.ip, userAgent: context.userAgent });
  }
}

function refuse(reason: InvalidTokenReason, message: string = INVALID_TOKEN_MESSAGE): { ok: false; error: InvalidTokenError } {
  return { ok: false, error: new InvalidTokenError(reason, message) };
}
