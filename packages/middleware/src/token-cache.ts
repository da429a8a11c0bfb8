import { optionalClock, optionalNonNegativeInteger } from './options.js';
import { TtlCache } from './ttl-cache.js';
import type { StoredToken, TokenCache } from './types.js';

/** Options of {@link MemoryTokenCache}. */
export interface MemoryTokenCacheOptions {
  /** How long an entry lives, in milliseconds. `0` keeps nothing (the cache is off). Defaults to `0`. */
  ttlMs?: number | undefined;
  /** The most entries held; the oldest go first. Defaults to `10_000`. */
  maxEntries?: number | undefined;
  /** The clock. Inject one in tests. Defaults to `() => new Date()`. */
  now?: (() => Date) | undefined;
}

/** The default time-to-live of the verifier's cache: `0`, off, so a revocation anywhere is honoured at once. */
export const DEFAULT_CACHE_TTL_MS = 0;
/** The default size bound of the verifier's cache. */
export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;

/**
 * The default {@link TokenCache}: token records in this process's memory for `ttlMs`, at most `maxEntries`
 * of them. Synchronous; `TokenVerifier` builds one from `cacheTtlMs` and `cacheMaxEntries` unless given a
 * `cache`.
 *
 * @example
 * const verifier = new TokenVerifier({ store, pepper, cache: new MemoryTokenCache({ ttlMs: 2000 }) });
 */
export class MemoryTokenCache implements TokenCache {
  private readonly entries: TtlCache<StoredToken>;
  /** Milliseconds since the epoch: `Date.now` itself unless a clock is injected (no `Date` per lookup). */
  private readonly clock: () => number;

  constructor(options: MemoryTokenCacheOptions = {}) {
    const owner = 'MemoryTokenCache';
    this.entries = new TtlCache(
      optionalNonNegativeInteger(owner, 'ttlMs', options.ttlMs, DEFAULT_CACHE_TTL_MS),
      optionalNonNegativeInteger(owner, 'maxEntries', options.maxEntries, DEFAULT_CACHE_MAX_ENTRIES),
    );
    this.clock = optionalClock(owner, options.now);
  }

  get(tokenId: string): StoredToken | undefined {
    return this.entries.get(tokenId, this.clock());
  }

  set(tokenId: string, token: StoredToken): void {
    this.entries.set(tokenId, token, this.clock());
  }

  delete(tokenId: string): void {
    this.entries.delete(tokenId);
  }
}

/**
 * The verifier's cache: the one given as `cache`, or a {@link MemoryTokenCache} from `cacheTtlMs` and
 * `cacheMaxEntries`. Refuses both at once, and a `cache` without the three methods.
 *
 * @example
 * const cache = resolveCache('TokenVerifier', options, now);
 */
export function resolveCache(
  owner: string,
  options: { cache?: unknown; cacheTtlMs?: unknown; cacheMaxEntries?: unknown },
  now: (() => Date) | undefined,
): TokenCache {
  if (options.cache === undefined) {
    return new MemoryTokenCache({
      ttlMs: optionalNonNegativeInteger(owner, 'cacheTtlMs', options.cacheTtlMs, DEFAULT_CACHE_TTL_MS),
      maxEntries: optionalNonNegativeInteger(owner, 'cacheMaxEntries', options.cacheMaxEntries, DEFAULT_CACHE_MAX_ENTRIES),
      ...(now && { now }),
    });
  }
  if (options.cacheTtlMs !== undefined || options.cacheMaxEntries !== undefined) {
    throw new TypeError(`patgate: ${owner} takes either \`cache\` or \`cacheTtlMs\`/\`cacheMaxEntries\` (which configure the default cache), not both`);
  }
  const cache = options.cache as Partial<Record<keyof TokenCache, unknown>> | null;
  const missing = (['get', 'set', 'delete'] as const).filter((m) => typeof cache?.[m] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(`patgate: ${owner} option \`cache\` must implement TokenCache (missing ${missing.join(', ')}); pass new MemoryTokenCache({ ttlMs }) or your own`);
  }
  return options.cache as TokenCache;
}
