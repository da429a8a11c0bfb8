import type { StoredToken, TokenStore } from '@patgate/middleware';

/**
 * The token cache time while the Redis link is down (`PATGATE_TOKEN_CACHE_FALLBACK_MS`,
 * `AppOptions.tokenCacheFallbackMs`).
 *
 * @example
 * createApp({ sequelize, secret, cluster, tokenCacheFallbackMs: DEFAULT_TOKEN_CACHE_FALLBACK_MS });
 */
export const DEFAULT_TOKEN_CACHE_FALLBACK_MS = 5000;

/**
 * A {@link TokenStore} that keeps the records `findById` returned for a time-to-live read on every lookup,
 * so the server can shorten it while its Redis link is down (invalidations cannot arrive then) and lengthen
 * it again once they can. The middleware's own verifier cache has one fixed TTL, which is why the server
 * caches here and runs its verifier with `cacheTtlMs: 0`. Unknown ids are never cached; a revoke through
 * this store drops the record at once.
 *
 * @example
 * const store = new CachedTokenStore(new SequelizeTokenStore(models), () => (link.isUp() ? 600_000 : 5000));
 * new TokenVerifier({ store, pepper, cacheTtlMs: 0 });
 * store.invalidate(tokenId); // a revocation published by another instance
 */
export class CachedTokenStore implements TokenStore {
  private readonly entries = new Map<string, { record: StoredToken; expires: number }>();

  constructor(
    private readonly inner: TokenStore,
    private readonly ttlMs: () => number,
    private readonly now: () => Date = () => new Date(),
    private readonly maxEntries = 10_000,
  ) {}

  async findById(id: string): Promise<StoredToken | null> {
    const now = this.now().getTime();
    const entry = this.entries.get(id);
    // A copy, as from any store: a caller changing what it got must not change the cache.
    if (entry && entry.expires > now) return structuredClone(entry.record);
    this.entries.delete(id);
    const record = await this.inner.findById(id);
    const ttl = this.ttlMs();
    if (record && ttl > 0 && this.maxEntries > 0) {
      // Insertion order is eviction order: entries are short-lived and re-inserted on refresh.
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(id, { record: structuredClone(record), expires: now + ttl });
    }
    return record;
  }

  async insert(token: StoredToken): Promise<void> {
    await this.inner.insert(token);
  }

  async listByOwner(ownerId: string): Promise<StoredToken[]> {
    return this.inner.listByOwner(ownerId);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    this.entries.delete(id);
    return this.inner.revoke(id, at);
  }

  /** Drops the cached record too, so a lookup never shows an older `lastUsedAt` than the store (once per touch interval). */
  async touch(id: string, at: Date): Promise<void> {
    await this.inner.touch(id, at);
    this.entries.delete(id);
  }

  /** Forgets one record, e.g. when another instance revoked it. */
  invalidate(id: string): void {
    this.entries.delete(id);
  }

  /** Forgets every record: the link went down, and invalidations sent meanwhile may never arrive. */
  clear(): void {
    this.entries.clear();
  }
}
