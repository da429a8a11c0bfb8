import { ipKeyGenerator } from 'express-rate-limit';
import type { Options, Store } from 'express-rate-limit';
import { MemoryFailureLimiter, type FailureLimiter, type FailureLimitOptions } from '@patgate/middleware';

/** Failed bearer authentications one address may make per minute unless configured otherwise. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 60;

const WINDOW_MS = 60_000;
/** How long the shared counter may take before this instance counts on its own. */
const SHARED_TIMEOUT_MS = 1000;

/** Options of {@link authFailureLimit}. */
export interface AuthFailureLimitOptions {
  /** Failed bearer authentications per address per minute; `0` turns the limit off. */
  perMinute: number;
  /** The shared counters (Redis, from the cluster link). Defaults to this process's memory only. */
  store?: Store | undefined;
  /** Hears of a shared counter that failed; the instance then counts on its own. */
  onStoreError?: (error: unknown) => void;
}

function initStore(store: Store): Store {
  // express-rate-limit hands its stores the limiter's options; these two are the ones stores read.
  void store.init?.({ windowMs: WINDOW_MS, limit: 0 } as unknown as Options);
  return store;
}

function withTimeout<T>(work: Promise<T> | T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the shared rate-limit store did not answer in time')), SHARED_TIMEOUT_MS);
  });
  return Promise.race([Promise.resolve(work), late]).finally(() => clearTimeout(timer));
}

/**
 * The server's failure limiter for `/api` and `/graphql` (`PATGATE_AUTH_FAILURES_PER_MINUTE`): the
 * middleware's `FailureLimiter` over an express-rate-limit store, the same construction as the server's
 * other limits, so with `REDIS_URL` every instance counts together (without it, the middleware's
 * `MemoryFailureLimiter`). When Redis fails or stalls, this
 * instance counts in its own memory until it answers again. Addresses are `req.ip` (which honours
 * `PATGATE_TRUST_PROXY`) grouped the way express-rate-limit groups them (`ipKeyGenerator`: an IPv6
 * address by its /56), so one client cannot rotate through its own IPv6 block. `undefined` when off.
 *
 * @example
 * new BearerTokenStrategy(verifier, { ...authFailureLimit({ perMinute: 60 }) });
 */
export function authFailureLimit({ perMinute, store, onStoreError }: AuthFailureLimitOptions): Required<FailureLimitOptions> | undefined {
  if (perMinute === 0) return undefined;
  const failureKey: Required<FailureLimitOptions>['failureKey'] = (req) => `auth-failures:${ipKeyGenerator(req.ip ?? '')}`;
  // In memory the count is synchronous, so a request with a good token spends no turn of the event loop on it.
  const local = new MemoryFailureLimiter({ limit: perMinute, windowMs: WINDOW_MS });
  if (!store) return { failureLimiter: local, failureKey };
  const shared = initStore(store);
  const failureLimiter: FailureLimiter = {
    async consume(key) {
      let counted: Awaited<ReturnType<Store['increment']>>;
      try {
        counted = await withTimeout(shared.increment(key));
      } catch (error) {
        onStoreError?.(error);
        return local.consume(key);
      }
      if (counted.totalHits <= perMinute) return { allowed: true };
      const retryAfterSeconds = counted.resetTime ? (counted.resetTime.getTime() - Date.now()) / 1000 : WINDOW_MS / 1000;
      return { allowed: false, retryAfterSeconds };
    },
    async refund(key) {
      try {
        await withTimeout(shared.decrement(key));
      } catch (error) {
        onStoreError?.(error);
        local.refund(key);
      }
    },
  };
  return { failureLimiter, failureKey };
}
