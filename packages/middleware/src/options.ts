import { normalizePepper } from './secret-hash.js';
import { assertPrefix, DEFAULT_PREFIX } from './token-format.js';
import type { TokenStore } from './types.js';

/**
 * Construction-time option checks. Each throws a TypeError that names the option and says how to fix it,
 * so a mistake shows up when the app starts, not on the first request.
 */

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * Refuses keys that are not options of `owner`, suggesting the closest known one.
 *
 * @example
 * checkKnownKeys('TokenVerifier', options, ['store', 'pepper']);
 * // TypeError: patgate: TokenVerifier received an unsupported option `peper`. Did you mean `pepper`?
 */
export function checkKnownKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const best = [...known].sort((x, y) => distance(key, x) - distance(key, y))[0];
    const hint = best !== undefined && distance(key, best) <= 3 ? ` Did you mean \`${best}\`?` : ` Known options: ${known.join(', ')}.`;
    throw new TypeError(`patgate: ${owner} received an unsupported option \`${key}\`.${hint}`);
  }
}

/**
 * Returns `value` if it is a non-negative integer (or `fallback` when undefined), else throws.
 *
 * @example
 * const ttl = optionalNonNegativeInteger('TokenVerifier', 'cacheTtlMs', options.cacheTtlMs, 0);
 */
export function optionalNonNegativeInteger(owner: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`patgate: ${owner} option \`${name}\` must be a whole number of 0 or more; received ${String(value)}`);
  }
  return value;
}

/**
 * Returns `value` if it is a function (or `fallback` when undefined), else throws.
 *
 * @example
 * const now = optionalFunction('TokenIssuer', 'now', options.now, () => new Date());
 */
export function optionalFunction<F>(owner: string, name: string, value: unknown, fallback: F): F {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') {
    throw new TypeError(`patgate: ${owner} option \`${name}\` must be a function; received ${typeof value}`);
  }
  return value as F;
}

/**
 * The `now` option (a function returning a `Date`) checked, as a clock in epoch milliseconds: `Date.now`
 * itself when none is given, so the request path makes no `Date` to read the time.
 *
 * @example
 * const clock = optionalClock('TokenVerifier', options.now);
 * clock(); // 1767225600000
 */
export function optionalClock(owner: string, now: unknown): () => number {
  const given = optionalFunction<(() => Date) | undefined>(owner, 'now', now, undefined);
  return given ? () => given().getTime() : Date.now;
}

/**
 * Checks that a required store option has every `TokenStore` method.
 *
 * @example
 * requireStore('TokenIssuer', options.store);
 */
export function requireStore(owner: string, store: unknown): void {
  const methods = ['insert', 'findById', 'listByOwner', 'revoke', 'touch'] as const;
  const missing =
    store && typeof store === 'object'
      ? methods.filter((m) => typeof (store as Record<string, unknown>)[m] !== 'function')
      : [...methods];
  if (missing.length > 0) {
    throw new TypeError(
      `patgate: ${owner} option \`store\` must implement TokenStore (missing ${missing.join(', ')}); pass new MemoryTokenStore() or your own store`,
    );
  }
}

/**
 * Checks a list of scope names: non-empty strings without spaces or quotes (they appear in headers).
 *
 * @example
 * checkScopeNames('requireScopes', ['streams:read']);
 */
export function checkScopeNames(owner: string, scopes: readonly unknown[]): asserts scopes is readonly string[] {
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)) {
      throw new TypeError(
        `patgate: ${owner} needs scope names made of visible ASCII characters without spaces, quotes or backslashes; received ${JSON.stringify(scope)}`,
      );
    }
  }
}

/** What every class that reads or writes tokens needs, checked: the store, the pepper bytes, the prefix. */
export interface TokenBase {
  store: TokenStore;
  pepper: Buffer;
  prefix: string;
}

/**
 * The checks the verifier and the issuer share: an options object with no unknown keys, a complete store,
 * a long enough pepper and a valid prefix.
 *
 * @example
 * const { store, pepper, prefix } = resolveTokenBase('TokenVerifier', options, OPTION_NAMES, '`store` and `pepper`');
 */
export function resolveTokenBase(
  owner: string,
  options: { store?: unknown; pepper?: unknown; prefix?: unknown } | undefined,
  known: readonly string[],
  required: string,
): TokenBase {
  if (!options || typeof options !== 'object') throw new TypeError(`patgate: ${owner} needs an options object with ${required}`);
  checkKnownKeys(owner, options, known);
  requireStore(owner, options.store);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  assertPrefix(prefix);
  return { store: options.store as TokenStore, pepper: normalizePepper(options.pepper), prefix };
}
