import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Store } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { ServiceError } from '../services/errors.js';

/** Requests one token (or one signed-in session) may make per minute unless configured otherwise. */
export const DEFAULT_API_RATE_LIMIT_PER_MINUTE = 1000;

/**
 * 429: the credential used up its requests for this minute. `Retry-After` and the `RateLimit` headers
 * (IETF draft 8) say when it may try again.
 *
 * @example
 * next(new RateLimitedError(1000));
 */
export class RateLimitedError extends ServiceError {
  constructor(perMinute: number) {
    super(429, 'rate_limited', `This token made more than ${perMinute} requests in a minute; wait for Retry-After seconds`);
  }
}

/** Options of {@link apiRateLimit}. */
export interface ApiRateLimitOptions {
  /** Requests per credential per minute; `0` turns the limit off. */
  perMinute: number;
  /** Where the counters live; Redis makes them shared by every instance. Defaults to process memory. */
  store?: Store | undefined;
}

/**
 * Limits API and GraphQL requests per credential: each token (and each signed-in session) has its own
 * budget, so one runaway script cannot starve the others, and the limit follows the token across client
 * addresses and through rotation (the budget is keyed by the token's lineage). Mount it after
 * authentication, which supplies `req.authInfo.tokenId`; a request without credentials (allowed only
 * where nothing needs them) has a budget per client address instead.
 *
 * @example
 * app.use('/api', authenticate, apiRateLimit({ perMinute: 1000 }), api);
 */
export function apiRateLimit({ perMinute, store }: ApiRateLimitOptions): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'api-per-token',
    // Authentication has run, so a request here carries a token id (or a session marker), unless it asks
    // only for what answers without credentials (GraphQL's serverInfo): those count per client address. A
    // token is counted by its lineage, which its successors inherit: rotating does not buy a fresh budget.
    keyGenerator: (req) => req.authInfo?.lineageId ?? req.authInfo?.tokenId ?? `address:${ipKeyGenerator(req.ip ?? '')}`,
    handler: (_req, _res, next) => next(new RateLimitedError(perMinute)),
    ...(store && { store }),
  });
}
