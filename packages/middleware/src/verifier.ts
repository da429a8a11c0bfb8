import { InvalidTokenError, INVALID_TOKEN_MESSAGE, type InvalidTokenReason } from './errors.js';
import { optionalFunction, optionalNonNegativeInteger, resolveTokenBase } from './options.js';
import { hashesEqual, hashSecret } from './secret-hash.js';
import { checkToken } from './token-format.js';
import { emitTokenEvent } from './token-events.js';
import { TouchThrottle } from './touch-throttle.js';
import { TtlCache } from './ttl-cache.js';
import type {
  ErrorReporter,
  PatAuthInfo,
  PatUser,
  RequestContext,
  StoredToken,
  TokenEventListener,
  TokenEventType,
  TokenStore,
  TokenVerifierOptions,
} from './types.js';

const OPTION_NAMES = [
  'store',
  'pepper',
  'prefix',
  'touchIntervalMs',
  'cacheTtlMs',
  'cacheMaxEntries',
  'resolveUser',
  'onError',
  'onEvent',
  'now',
] as const;

/** The result of {@link TokenVerifier.verify}: an identity, or the error to answer with. */
export type VerifyResult<User> =
  | { ok: true; user: User; info: PatAuthInfo; token: StoredToken }
  | { ok: false; error: InvalidTokenError };

const defaultReporter: ErrorReporter = (error, context) => {
  console.error(`patgate: ${context.operation} failed`, error);
};

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
  private readonly cache: TtlCache<StoredToken>;
  private readonly touches: TouchThrottle;
  private readonly onEvent: TokenEventListener | undefined;
  private readonly onError: ErrorReporter;

  constructor(options: TokenVerifierOptions<User>) {
    const owner = 'TokenVerifier';
    ({ store: this.store, pepper: this.pepper, prefix: this.prefix } = resolveTokenBase(owner, options, OPTION_NAMES, '`store` and `pepper`'));
    this.now = optionalFunction(owner, 'now', options.now, () => new Date());
    this.resolveUser = optionalFunction(owner, 'resolveUser', options.resolveUser, (ownerId: string) => ({ id: ownerId }) as User);
    const onError = optionalFunction(owner, 'onError', options.onError, defaultReporter);
    this.onError = onError;
    this.onEvent = optionalFunction<TokenEventListener | undefined>(owner, 'onEvent', options.onEvent, undefined);
    this.cache = new TtlCache(
      optionalNonNegativeInteger(owner, 'cacheTtlMs', options.cacheTtlMs, 0),
      optionalNonNegativeInteger(owner, 'cacheMaxEntries', options.cacheMaxEntries, 10_000),
    );
    this.touches = new TouchThrottle(
      this.store,
      optionalNonNegativeInteger(owner, 'touchIntervalMs', options.touchIntervalMs, 60_000),
      onError,
    );
  }

  /**
   * Verifies a token. Resolves a typed failure for any bad token; rejects only when the store or
   * `resolveUser` fails, which is a server error, not the caller's. `context` (the client's address and
   * user agent) goes into the events `onEvent` hears: a token's first use, and a refused use of a revoked
   * or expired token by someone holding its secret.
   */
  async verify(token: string, context: RequestContext = {}): Promise<VerifyResult<User>> {
    const checked = checkToken(token, this.prefix);
    if (!checked.parsed) return refuse(checked.problem);
    const { id, secret } = checked.parsed;

    const now = this.now();
    let record = this.cache.get(id, now.getTime());
    if (!record) {
      record = (await this.store.findById(id)) ?? undefined;
      if (!record) return refuse('unknown');
      this.cache.set(id, record, now.getTime());
    }
    if (!hashesEqual(hashSecret(secret, this.pepper), record.secretHash)) return refuse('secret');
    // From here the caller holds the real token, so the message may say what is wrong with it.
    if (record.revokedAt) {
      this.emit('refused_revoked', record, now, context);
      return refuse('revoked', 'The access token has been revoked');
    }
    if (record.expiresAt && record.expiresAt.getTime() <= now.getTime()) {
      this.emit('refused_expired', record, now, context);
      return refuse('expired', 'The access token has expired');
    }
    const user = await this.resolveUser(record.ownerId, record);
    if (user === null || user === undefined) return refuse('owner', 'The access token belongs to no current user');

    // The write that sets lastUsedAt for the first time is the first use. The cached copy is marked too,
    // so uses served from the cache before it refreshes are not taken for first ones.
    if (this.touches.touch(id, now) && record.lastUsedAt === null) {
      record.lastUsedAt = now;
      this.emit('first_used', record, now, context);
    }
    return {
      ok: true,
      user,
      info: { tokenId: record.id, scopes: [...record.scopes], expiresAt: record.expiresAt },
      token: record,
    };
  }

  private emit(type: TokenEventType, record: StoredToken, at: Date, context: RequestContext): void {
    emitTokenEvent(this.onEvent, type, record, at, { ...context, actor: 'self' }, (error) =>
      this.onError(error, { operation: 'onEvent', tokenId: record.id }),
    );
  }

  /** Drops a cached record, so a revocation made here takes effect on the next request. */
  invalidate(tokenId: string): void {
    this.cache.delete(tokenId);
    this.touches.forget(tokenId);
  }
}

function refuse(reason: InvalidTokenReason, message: string = INVALID_TOKEN_MESSAGE): { ok: false; error: InvalidTokenError } {
  return { ok: false, error: new InvalidTokenError(reason, message) };
}
