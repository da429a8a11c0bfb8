import { TooManyFailuresError } from './errors.js';
import { optionalClock, optionalFunction, optionalNonNegativeInteger } from './options.js';
import type { FailureLimitDecision, FailureLimiter, FailureLimitOptions, MaybePromise } from './types.js';

/** Options of {@link MemoryFailureLimiter}. */
export interface MemoryFailureLimiterOptions {
  /** Failures one key may have per window; the next attempt is refused. Required, at least 1. */
  limit: number;
  /** The window, in milliseconds. Defaults to `60_000`. */
  windowMs?: number;
  /** The most keys tracked; the oldest window goes first, so a flood from many addresses cannot grow memory. Defaults to `100_000`. */
  maxKeys?: number;
  /** The clock. Inject one in tests. Defaults to `() => new Date()`. */
  now?: () => Date;
}

/**
 * A {@link FailureLimiter} in this process's memory: a fixed window per key. For one instance; several
 * instances need a shared store (the reference server adapts its Redis rate-limit store).
 *
 * @example
 * const failureLimiter = new MemoryFailureLimiter({ limit: 60, windowMs: 60_000 });
 * app.use('/api', authenticate(verifier, { failureLimiter }));
 */
export class MemoryFailureLimiter implements FailureLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  /** Epoch milliseconds: `Date.now` unless a clock is injected. */
  private readonly clock: () => number;

  constructor(options: MemoryFailureLimiterOptions) {
    const owner = 'MemoryFailureLimiter';
    this.limit = optionalNonNegativeInteger(owner, 'limit', options?.limit, 0);
    if (this.limit < 1) throw new TypeError(`patgate: ${owner} option \`limit\` must be a whole number of 1 or more, such as 60`);
    this.windowMs = optionalNonNegativeInteger(owner, 'windowMs', options.windowMs, 60_000) || 60_000;
    this.maxKeys = optionalNonNegativeInteger(owner, 'maxKeys', options.maxKeys, 100_000) || 100_000;
    this.clock = optionalClock(owner, options.now);
  }

  consume(key: string): FailureLimitDecision {
    const now = this.clock();
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, entry);
    }
    entry.count++;
    return entry.count <= this.limit ? { allowed: true } : { allowed: false, retryAfterSeconds: (entry.resetAt - now) / 1000 };
  }

  refund(key: string): void {
    const entry = this.windows.get(key);
    if (entry && entry.count > 0) entry.count--;
  }
}

/** The limiter and key function after checking; `undefined` when off. */
export interface ResolvedFailureLimit {
  limiter: FailureLimiter;
  key: NonNullable<FailureLimitOptions['failureKey']>;
}

const defaultKey: ResolvedFailureLimit['key'] = (req) => (typeof req.ip === 'string' && req.ip !== '' ? req.ip : 'unknown');

/**
 * Checks the failure-limit options once, at construction.
 *
 * @example
 * const limit = resolveFailureLimit('authenticate()', options);
 */
export function resolveFailureLimit(owner: string, options: FailureLimitOptions): ResolvedFailureLimit | undefined {
  const limiter = options.failureLimiter;
  if (limiter === undefined) {
    if (options.failureKey !== undefined) throw new TypeError(`patgate: ${owner} option \`failureKey\` needs \`failureLimiter\` too`);
    return undefined;
  }
  if (!limiter || typeof limiter.consume !== 'function' || typeof limiter.refund !== 'function') {
    throw new TypeError(`patgate: ${owner} option \`failureLimiter\` must have consume(key) and refund(key); pass new MemoryFailureLimiter({ limit: 60 })`);
  }
  return { limiter, key: optionalFunction(owner, 'failureKey', options.failureKey, defaultKey) };
}

/**
 * Runs one verification under the failure limit: counts it first, refuses with
 * {@link TooManyFailuresError} over the limit (without verifying), and takes the count back unless the
 * verification refused the token. Synchronous when the limiter and `verify` are (a
 * {@link MemoryFailureLimiter} in front of a synchronous verifier), so the common request spends no turn
 * of the event loop here; throws (or rejects) the 429 and any fault of `verify`.
 *
 * @example
 * const result = await underFailureLimit(limit, req, () => verifier.verify(token));
 */
export function underFailureLimit<R extends { ok: boolean }>(
  limit: ResolvedFailureLimit | undefined,
  source: Parameters<ResolvedFailureLimit['key']>[0],
  verify: () => MaybePromise<R>,
): MaybePromise<R> {
  if (!limit) return verify();
  const key = limit.key(source);
  const decision = limit.limiter.consume(key);
  return decision instanceof Promise ? decision.then((settled) => decided(limit, key, settled, verify)) : decided(limit, key, decision, verify);
}

function decided<R extends { ok: boolean }>(limit: ResolvedFailureLimit, key: string, decision: FailureLimitDecision, verify: () => MaybePromise<R>): MaybePromise<R> {
  if (!decision.allowed) throw new TooManyFailuresError(decision.retryAfterSeconds ?? 60);
  let result: MaybePromise<R>;
  try {
    result = verify();
  } catch (error) {
    refund(limit, key); // The server failed, not the client.
    throw error;
  }
  if (!(result instanceof Promise)) {
    if (result.ok) refund(limit, key);
    return result;
  }
  return result.then(
    (settled) => {
      if (settled.ok) refund(limit, key);
      return settled;
    },
    (error: unknown) => {
      refund(limit, key);
      throw error;
    },
  );
}

/** Takes an attempt back. A lost refund only leaves one extra count in this window: it never fails the request. */
function refund(limit: ResolvedFailureLimit, key: string): void {
  try {
    const pending = limit.limiter.refund(key);
    if (pending instanceof Promise) pending.catch(() => undefined);
  } catch {
    // As above: the count stays, the request goes on.
  }
}
