import type { MaybePromise } from './types.js';

/*
 * The failure limiter's public types, re-exported by `types.ts` (kept apart only so that file stays
 * readable on a few screens).
 */

/** What a {@link FailureLimiter} decided about one authentication attempt. */
export interface FailureLimitDecision {
  /** `false` refuses the attempt with 429 `too_many_failures` before the token is looked up. */
  allowed: boolean;
  /** Sent as `Retry-After` when refused. Defaults to `60`. */
  retryAfterSeconds?: number;
}

/**
 * Counts failed bearer authentications per client (an address, by default) so a flood of forged tokens
 * is refused before each one costs a store lookup. Every presented token is counted with `consume`
 * BEFORE it is verified, and given back with `refund` when it verified (or the check failed on the
 * server's side), so only refusals add up and no number of concurrent requests gets past the limit.
 * Methods may be synchronous or return a promise; a `consume` that rejects fails the request as a
 * server error, so a limiter over a remote store should fall back to local counters itself.
 * {@link MemoryFailureLimiter} is the in-process one.
 *
 * @example
 * app.use('/api', authenticate(verifier, { failureLimiter: new MemoryFailureLimiter({ limit: 60, windowMs: 60_000 }) }));
 */
export interface FailureLimiter {
  /** Counts one attempt from `key` and says whether it may go on. */
  consume(key: string): MaybePromise<FailureLimitDecision>;
  /** Takes back the attempt `consume` counted, because it was not a failure. */
  refund(key: string): MaybePromise<void>;
}

/** The failure limiter of `authenticate()` and `BearerTokenStrategy`. Off unless `failureLimiter` is given. */
export interface FailureLimitOptions {
  /** Counts failed token authentications and refuses a client over its limit (429). Defaults to none (off). */
  failureLimiter?: FailureLimiter;
  /**
   * The client a failure is counted against. Defaults to the request's address (`req.ip`, which honours
   * Express's `trust proxy`), or `'unknown'` when there is none.
   */
  failureKey?: (req: { ip?: string | undefined; headers: Record<string, string | string[] | undefined> }) => string;
}
