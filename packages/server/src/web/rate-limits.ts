import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Store } from 'express-rate-limit';
import type { Request, RequestHandler, Response } from 'express';
import { MAX_EMAIL_LENGTH, normalizeEmail } from '../services/users.js';

/** Limits on failed sign-ins. Every field has a default; tests lower them. */
export interface SignInLimits {
  /** The window failures are counted in, in milliseconds. Defaults to 15 minutes. */
  windowMs?: number;
  /** Failures allowed per account (email) from one address per window. Defaults to 5. */
  perAccount?: number;
  /** Failures allowed per address, whatever the account, per window. Defaults to 20. */
  perAddress?: number;
  /**
   * Failures allowed per account from all addresses together, per window: slows guessing one password from
   * many addresses. Higher than `perAccount`, because whoever reaches it locks the account's owner out of
   * password sign-in until the window ends, and that should cost an attacker many attempts. Defaults to 30.
   */
  perAccountAnyAddress?: number;
}

/**
 * Makes the store of one limiter's counters; `prefix` names the limiter. Given a Redis-backed factory,
 * every instance behind a load balancer counts together.
 */
export type RateLimitStoreFactory = (prefix: string) => Store;

/** The defaults of {@link SignInLimits}. */
export const DEFAULT_SIGN_IN_LIMITS: Required<SignInLimits> = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20, perAccountAnyAddress: 30 };

/** The account a sign-in is for, as the users service stores it; cut to the column's size so keys stay small. */
function submittedEmail(req: Request): string {
  return normalizeEmail((req.body as { email?: unknown } | undefined)?.email)?.slice(0, MAX_EMAIL_LENGTH) ?? '';
}

/**
 * Three express-rate-limit limiters for `POST /login`, counting failures only (a successful sign-in
 * answers with a redirect and is not counted): per address (slows spraying one password over many
 * accounts), per account and address (slows guessing one person's password from one place), and per
 * account from any address (slows the same guessing spread over many addresses). Only the last can keep
 * an account's owner out, so its threshold is several times higher: an attacker pays many attempts for a
 * lockout that ends with the window. Without `store` the counters live in process memory; with several
 * instances pass a Redis-backed `store` (REDIS_URL).
 *
 * `onLimited` answers a refused attempt (the sign-in page with a 429 and a message).
 *
 * @example
 * router.post('/login', ...signInRateLimits((req, res) => res.status(429).send('Too many attempts')), login);
 */
export function signInRateLimits(
  onLimited: (req: Request, res: Response, retryAfterMinutes: number) => void,
  limits: SignInLimits = {},
  store?: RateLimitStoreFactory,
): RequestHandler[] {
  const { windowMs, perAccount, perAddress, perAccountAnyAddress } = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
  const common = {
    windowMs,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: (req: Request, res: Response) => onLimited(req, res, Math.ceil(windowMs / 60_000)),
  };
  return [
    rateLimit({ ...common, limit: perAddress, identifier: 'sign-in-per-address', ...(store && { store: store('sign-in-per-address') }) }),
    rateLimit({
      ...common,
      ...(store && { store: store('sign-in-per-account') }),
      limit: perAccount,
      identifier: 'sign-in-per-account',
      keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${submittedEmail(req)}`,
    }),
    rateLimit({
      ...common,
      ...(store && { store: store('sign-in-per-account-any-address') }),
      limit: perAccountAnyAddress,
      identifier: 'sign-in-per-account-any-address',
      keyGenerator: (req) => submittedEmail(req),
    }),
  ];
}

/**
 * One limiter for `POST /signup`: 10 attempts per address per hour, successful or not. Each attempt
 * hashes a password with scrypt (32 MiB, tens of milliseconds), so unlimited sign-ups would be a cheap
 * way to load the server, and mass account creation is abuse anyway.
 *
 * @example
 * router.post('/signup', signUpRateLimit((req, res) => res.status(429).send('Slow down')), signUp);
 */
export function signUpRateLimit(onLimited: (req: Request, res: Response) => void, store?: RateLimitStoreFactory): RequestHandler {
  return rateLimit({
    ...(store && { store: store('sign-up-per-address') }),
    windowMs: 60 * 60_000,
    limit: 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'sign-up-per-address',
    handler: (req, res) => onLimited(req, res),
  });
}
