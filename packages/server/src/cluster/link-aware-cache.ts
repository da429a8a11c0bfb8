import { MemoryTokenCache } from '@patgate/middleware';
import type { StoredToken, TokenCache } from '@patgate/middleware';

/**
 * The token cache time while the Redis link is down (`PATGATE_TOKEN_CACHE_FALLBACK_MS`,
 * `AppOptions.tokenCacheFallbackMs`).
 *
 * @example
 * createApp({ sequelize, secret, cluster, tokenCacheFallbackMs: DEFAULT_TOKEN_CACHE_FALLBACK_MS });
 */
export const DEFAULT_TOKEN_CACHE_FALLBACK_MS = 5000;

/** Options of {@link LinkAwareTokenCache}. */
export interface LinkAwareTokenCacheOptions {
  /** Entry lifetime while invalidations arrive through Redis (`PATGATE_TOKEN_CACHE_TTL_MS`). */
  ttlMs: number;
  /** Entry lifetime while they cannot (`PATGATE_TOKEN_CACHE_FALLBACK_MS`); capped at `ttlMs`. */
  fallbackMs: number;
  /** Whether the link is up right now. */
  isUp: () => boolean;
  /** The clock. Defaults to `() => new Date()`. */
  now?: () => Date;
}

/**
 * The verifier's {@link TokenCache} on an instance linked through Redis: records live `ttlMs` while the link
 * carries invalidations and `fallbackMs` while it does not. Call {@link LinkAwareTokenCache.linkDown} when
 * the link drops: everything cached so far is forgotten (a revocation sent meanwhile may never arrive), so
 * a token revoked anywhere during an outage is refused here within `fallbackMs`.
 *
 * Two `MemoryTokenCache`s, one per lifetime: an entry keeps the lifetime it was stored with.
 *
 * @example
 * const cache = new LinkAwareTokenCache({ ttlMs: 600_000, fallbackMs: 5000, isUp: () => link.isUp() });
 * link.onStateChange((up) => up || cache.linkDown());
 * new TokenVerifier({ store, pepper, cache });
 */
export class LinkAwareTokenCache implements TokenCache {
  private linked!: MemoryTokenCache;
  private unlinked!: MemoryTokenCache;

  constructor(private readonly options: LinkAwareTokenCacheOptions) {
    this.linkDown();
  }

  private current(): MemoryTokenCache {
    return this.options.isUp() ? this.linked : this.unlinked;
  }

  get(tokenId: string): StoredToken | undefined {
    return this.current().get(tokenId);
  }

  set(tokenId: string, token: StoredToken): void {
    this.current().set(tokenId, token);
  }

  delete(tokenId: string): void {
    this.linked.delete(tokenId);
    this.unlinked.delete(tokenId);
  }

  /** Forgets every record; from now until the link is up, records live `fallbackMs`. */
  linkDown(): void {
    const { ttlMs, fallbackMs, now } = this.options;
    this.linked = new MemoryTokenCache({ ttlMs, ...(now && { now }) });
    this.unlinked = new MemoryTokenCache({ ttlMs: Math.min(ttlMs, fallbackMs), ...(now && { now }) });
  }
}
