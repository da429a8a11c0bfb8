import type { TokenPolicyError } from './errors.js';
import { defaultErrorReporter, eventEmitter, type EventEmitter } from './events.js';
import { checkGrace, checkLifespan, checkName, checkOwner, checkScopes, DAY, noLiveToken, tooManyTokens } from './issuer-input.js';
import { checkScopeNames, optionalFunction, optionalNonNegativeInteger, resolveTokenBase } from './options.js';
import { checkResourceIds } from './resource-limit.js';
import { findTokenByValue } from './match-token.js';
import { hashSecret } from './secret-hash.js';
import { generateToken } from './token-format.js';
import { isLiveToken } from './token-state.js';
import type {
  CreateTokenInput,
  ErrorReporter,
  IssuedToken,
  RevokeByValueResult,
  RotateTokenOptions,
  StoredToken,
  TokenActionContext,
  TokenEvent,
  TokenInfo,
  TokenInvalidator,
  TokenIssuerOptions,
  TokenStore,
} from './types.js';

const OPTION_NAMES = [
  'store',
  'pepper',
  'prefix',
  'scopes',
  'ungrantableScopes',
  'defaultLifespanMs',
  'maxLifespanMs',
  'maxTokensPerOwner',
  'maxRotationGraceMs',
  'verifier',
  'onEvent',
  'onError',
  'now',
] as const;

/**
 * Everything but the hash: what an owner may see of a token.
 *
 * @example
 * res.json((await store.listByOwner(userId)).map(toTokenInfo));
 */
export function toTokenInfo(token: StoredToken): TokenInfo {
  const { secretHash: _hidden, ...info } = token;
  return { ...info, scopes: [...info.scopes], resourceIds: info.resourceIds ? [...info.resourceIds] : null };
}

/**
 * Creates, lists, revokes and rotates tokens under a policy: known scopes only, never an ungrantable one,
 * never more than the caller holds, and a bounded lifespan. The plaintext token exists only in the value
 * `create` and `rotate` return.
 *
 * @example
 * const issuer = new TokenIssuer({ store, pepper, scopes: ['streams:read', 'streams:write'] });
 * const { token, info } = await issuer.create({ ownerId: 'u1', name: 'CI', scopes: ['streams:read'] });
 */
export class TokenIssuer {
  private readonly store: TokenStore;
  private readonly pepper: Buffer;
  private readonly prefix: string;
  private readonly known: ReadonlySet<string>;
  private readonly ungrantable: ReadonlySet<string>;
  private readonly defaultLifespanMs: number;
  private readonly maxLifespanMs: number | null;
  private readonly maxTokensPerOwner: number;
  private readonly maxRotationGraceMs: number;
  private readonly verifier: TokenInvalidator | undefined;
  private readonly onError: ErrorReporter;
  private readonly emit: EventEmitter;
  private readonly now: () => Date;

  constructor(options: TokenIssuerOptions) {
    const owner = 'TokenIssuer';
    ({ store: this.store, pepper: this.pepper, prefix: this.prefix } = resolveTokenBase(owner, options, OPTION_NAMES, '`store`, `pepper` and `scopes`'));
    if (!Array.isArray(options.scopes) || options.scopes.length === 0) {
      throw new TypeError("patgate: TokenIssuer option `scopes` must list every scope a token may carry, such as ['streams:read']");
    }
    checkScopeNames(owner, options.scopes);
    this.known = new Set(options.scopes);
    const ungrantable = options.ungrantableScopes ?? [];
    checkScopeNames(owner, ungrantable);
    this.ungrantable = new Set(ungrantable);
    this.maxLifespanMs = options.maxLifespanMs === null ? null : optionalNonNegativeInteger(owner, 'maxLifespanMs', options.maxLifespanMs, 365 * DAY);
    this.defaultLifespanMs = optionalNonNegativeInteger(owner, 'defaultLifespanMs', options.defaultLifespanMs, 30 * DAY);
    if (this.defaultLifespanMs === 0 || (this.maxLifespanMs !== null && this.defaultLifespanMs > this.maxLifespanMs)) {
      throw new TypeError('patgate: TokenIssuer option `defaultLifespanMs` must be above 0 and at most `maxLifespanMs`');
    }
    this.maxTokensPerOwner = optionalNonNegativeInteger(owner, 'maxTokensPerOwner', options.maxTokensPerOwner, 100);
    this.maxRotationGraceMs = optionalNonNegativeInteger(owner, 'maxRotationGraceMs', options.maxRotationGraceMs, DAY);
    if (options.verifier !== undefined && typeof options.verifier?.invalidate !== 'function') {
      throw new TypeError('patgate: TokenIssuer option `verifier` must be a TokenVerifier (an object with invalidate(tokenId))');
    }
    this.verifier = options.verifier;
    this.onError = optionalFunction(owner, 'onError', options.onError, defaultErrorReporter);
    this.emit = eventEmitter(optionalFunction(owner, 'onEvent', options.onEvent, undefined), this.onError);
    this.now = optionalFunction(owner, 'now', options.now, () => new Date());
  }

  /**
   * Issues a new token. Rejects with `TokenPolicyError` naming the problem when policy refuses. `context`
   * (who asks, from where) reaches the `created` event.
   */
  async create(input: CreateTokenInput, context: TokenActionContext = {}): Promise<IssuedToken> {
    const ownerId = checkOwner(input?.ownerId);
    const name = checkName(input.name);
    const scopes = checkScopes(input.scopes, input.callerScopes, this.known, this.ungrantable);
    const lifespan = checkLifespan(input.lifespanMs, this.defaultLifespanMs, this.maxLifespanMs);
    const resourceIds = checkResourceIds(input.resourceIds);
    if (!this.store.insertWithinLimit) {
      // A store without the atomic insert: count, then insert (concurrent creates can overshoot).
      const live = (await this.store.listByOwner(ownerId)).filter((t) => this.isLive(t));
      if (live.length >= this.maxTokensPerOwner) throw this.tooMany();
    }
    const createdAt = this.now();
    const expiresAt = lifespan === null ? null : new Date(createdAt.getTime() + lifespan);
    const issued = await this.issue({ ownerId, name, scopes, resourceIds, createdAt, expiresAt });
    this.announce('created', issued.info, createdAt, context);
    return issued;
  }

  /** The owner's tokens, newest first, without hashes; revoked and expired ones included. */
  async list(ownerId: string): Promise<TokenInfo[]> {
    return (await this.store.listByOwner(checkOwner(ownerId))).map(toTokenInfo);
  }

  /** One of the owner's tokens, or `null` if it is not theirs or does not exist. */
  async get(ownerId: string, tokenId: string): Promise<TokenInfo | null> {
    const token = typeof tokenId === 'string' ? await this.store.findById(tokenId) : null;
    return token && token.ownerId === ownerId ? toTokenInfo(token) : null;
  }

  /**
   * Revokes one of the owner's tokens. Resolves `false` if it is not theirs or was already revoked, once
   * `verifier` has forgotten it. `context` reaches the `revoked` event.
   */
  async revoke(ownerId: string, tokenId: string, context: TokenActionContext = {}): Promise<boolean> {
    if (!(await this.get(ownerId, tokenId))) return false;
    const at = this.now();
    const revoked = await this.store.revoke(tokenId, at);
    // Invalidated even when already revoked: a retry after a failed invalidation clears the cache.
    await this.invalidate(tokenId);
    if (revoked) this.announce('revoked', { id: tokenId, ownerId }, at, context);
    return revoked;
  }

  /**
   * Revokes the token whose full value this is, whoever holds it: for leak reports (GitHub's secret
   * scanning, RFC 7009 revocation, "I found this token"). Holding the value is the proof, so no owner is
   * needed; a value that names a real token id but not its secret revokes nothing. Resolves `'revoked'`
   * when this call revoked a live token, `'inactive'` for a real token already revoked or expired, and
   * `'unknown'` for anything else. Every value costs the same lookup and comparison (see
   * `findTokenByValue`); only revoking a live token adds the write. The event is `leak_reported` for the
   * default actor `leak_report` (with `context.url` where it was found), `revoked` for any other actor.
   */
  async revokeByValue(token: string, context: TokenActionContext = { actor: 'leak_report' }): Promise<RevokeByValueResult> {
    const record = await findTokenByValue(token, { store: this.store, pepper: this.pepper, prefix: this.prefix });
    if (!record) return 'unknown';
    const at = this.now();
    if (!this.isLive(record) || !(await this.store.revoke(record.id, at))) return 'inactive';
    await this.invalidate(record.id);
    const leak = (context?.actor ?? 'leak_report') === 'leak_report';
    this.announce(leak ? 'leak_reported' : 'revoked', record, at, { ...context, actor: context?.actor ?? 'leak_report' });
    return 'revoked';
  }

  /**
   * Replaces a live token with a new one of the same name, scopes, resource limit and expiry. `callerScopes`
   * re-checks the scopes against what the caller holds now. With `graceMs` the old token keeps working that
   * long beside its successor (so a fleet of workers can switch without downtime), never past its own expiry:
   * its `expiresAt` moves to the end of the window and `rotatedAt` records the rotation. Without, it is revoked.
   *
   * Rotation replaces the secret, not the lifespan: the new token keeps the old token's `expiresAt` (only
   * brought forward if `maxLifespanMs` has been lowered since), so a token cannot renew itself forever by
   * rotating. A token that has expired, or has been rotated already (even while its grace window runs), is
   * no longer rotatable; its owner creates a new one.
   *
   * The old token is retired first, through the store's atomic `retire` (or `revoke` for a store without
   * it), and the new one is issued only if that call won: of several concurrent rotations of one token
   * exactly one resolves, the others reject with `not_found`. Should saving the new token then fail, the
   * old one stays retired and the owner creates a new token; that is safer than two live ones.
   */
  async rotate(ownerId: string, tokenId: string, options: RotateTokenOptions = {}, context: TokenActionContext = {}): Promise<IssuedToken> {
    const graceMs = checkGrace(options?.graceMs, this.maxRotationGraceMs, Boolean(this.store.retire));
    const old = typeof tokenId === 'string' ? await this.store.findById(tokenId) : null;
    if (!old || old.ownerId !== ownerId || !this.isLive(old) || old.rotatedAt) {
      throw noLiveToken();
    }
    const scopes = checkScopes(old.scopes, options.callerScopes, this.known, this.ungrantable);
    const rotatedAt = this.now();
    if (!(await this.retire(old, rotatedAt, graceMs))) {
      throw noLiveToken();
    }
    await this.invalidate(old.id);
    const createdAt = this.now();
    // The successor inherits the lineage, so budgets and history counted per lineage carry over. While the
    // old token works out a grace window it is still live, so the successor gets room for one more.
    const issued = await this.issue(
      {
        ownerId,
        name: old.name,
        scopes,
        resourceIds: old.resourceIds ?? null,
        createdAt,
        expiresAt: this.rotatedExpiry(old.expiresAt, createdAt),
        lineageId: old.lineageId ?? old.id,
      },
      this.maxTokensPerOwner + (graceMs > 0 ? 1 : 0),
    );
    this.announce('rotated', old, rotatedAt, context, issued.info.id);
    this.announce('created', issued.info, createdAt, context);
    return issued;
  }

  /**
   * The one atomic step of a rotation: of concurrent rotations only the one that retired the old token may
   * issue its successor, so one token never turns into several live ones. With `retire`, every rotation
   * (with a grace window or without) claims the token through it, so a rotation with grace and one without
   * cannot both win; without a window the token is then revoked too (its expiry has already come).
   */
  private async retire(old: StoredToken, at: Date, graceMs: number): Promise<boolean> {
    if (!this.store.retire) return this.store.revoke(old.id, at);
    const graceEnd = at.getTime() + graceMs;
    const expiresAt = old.expiresAt === null || old.expiresAt.getTime() > graceEnd ? new Date(graceEnd) : old.expiresAt;
    if (!(await this.store.retire(old.id, at, expiresAt))) return false;
    if (graceMs === 0) await this.store.revoke(old.id, at);
    return true;
  }

  /**
   * Awaits the verifier's invalidation. A failure there leaves the revocation standing (the store is the
   * truth; the cache's own expiry bounds a stale entry) and goes to `onError`, so rotate still hands out
   * the successor it has already committed to.
   */
  private async invalidate(tokenId: string): Promise<void> {
    if (!this.verifier) return;
    try {
      await this.verifier.invalidate(tokenId);
    } catch (error) {
      this.onError(error, { operation: 'invalidate', tokenId });
    }
  }

  private announce(
    type: TokenEvent['type'],
    token: { id: string; ownerId: string },
    at: Date,
    context: TokenActionContext,
    successorId?: string,
  ): void {
    const { actor, ip, userAgent, url } = context ?? {};
    this.emit?.({ type, tokenId: token.id, ownerId: token.ownerId, at, actor, ip, userAgent, url, ...(successorId && { successorId }) });
  }

  /** The old expiry, or sooner where `maxLifespanMs` has been lowered since; never later. */
  private rotatedExpiry(expiresAt: Date | null, createdAt: Date): Date | null {
    if (expiresAt === null || this.maxLifespanMs === null) return expiresAt;
    return new Date(Math.min(expiresAt.getTime(), createdAt.getTime() + this.maxLifespanMs));
  }

  private async issue(
    fields: Pick<StoredToken, 'ownerId' | 'name' | 'scopes' | 'resourceIds' | 'createdAt' | 'expiresAt'> & { lineageId?: string },
    maxLive: number = this.maxTokensPerOwner,
  ): Promise<IssuedToken> {
    const { token, id, secret, lastChars } = generateToken(this.prefix);
    const secretHash = hashSecret(secret, this.pepper);
    const record: StoredToken = {
      id,
      ...fields,
      secretHash,
      lastChars,
      lastUsedAt: null,
      lastUsedIp: null,
      lastUsedUserAgent: null,
      revokedAt: null,
      rotatedAt: null,
      lineageId: fields.lineageId ?? id,
    };
    if (!this.store.insertWithinLimit) {
      await this.store.insert(record);
    } else if (!(await this.store.insertWithinLimit(record, { maxLive, now: fields.createdAt }))) {
      throw this.tooMany();
    }
    return { token, info: toTokenInfo(record) };
  }

  private tooMany(): TokenPolicyError {
    return tooManyTokens(this.maxTokensPerOwner);
  }

  private isLive(token: StoredToken): boolean {
    return isLiveToken(token, this.now());
  }
}
