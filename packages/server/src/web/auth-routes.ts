import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { Models } from '../db/models.js';
import { ServiceError } from '../services/errors.js';
import { createUser, verifyPassword } from '../services/users.js';
import type { CsrfGuard } from './csrf.js';
import { sendPage } from './layout.js';
import { MIN_PASSWORD_LENGTH, signInPage, signUpPage, statusPage } from './pages/auth-pages.js';
import { signInRateLimits, signUpRateLimit } from './rate-limits.js';
import type { RateLimitStoreFactory } from './rate-limits.js';
import type { SignInLimits } from './rate-limits.js';
import { SESSION_COOKIE } from './sessions.js';
import { sessionUser } from './session-auth.js';

/** What the sign-in, sign-out and sign-up routes need. */
export interface AuthRouteDependencies {
  models: Models;
  csrf: CsrfGuard;
  /** The clock a session's sign-in time is taken from. Defaults to `() => new Date()`. */
  now?: () => Date;
  signupEnabled: boolean;
  signInLimits?: SignInLimits;
  rateLimitStore?: RateLimitStoreFactory | undefined;
}

/** The message of every failed sign-in: it never says whether the email exists. */
export const WRONG_CREDENTIALS = 'Wrong email or password';

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/**
 * A new session id on sign-in, so an id planted before sign-in (session fixation) is worthless; the
 * sign-in time starts the session's absolute lifetime.
 */
async function startSession(req: Request, userId: string, now: () => Date): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = userId;
  req.session.signedInAt = now().getTime();
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** Refuses a form post without a valid CSRF token with a page that says what to do. */
function formCsrf(csrf: CsrfGuard): RequestHandler {
  return (req, res, next) => {
    if (csrf.valid(req)) return next();
    sendPage(res, 403, statusPage('Form expired', 'This form was not sent from an open patgate page, or it was open too long. Go back, reload the page and try again.'));
  };
}

/**
 * `GET/POST /login`, `POST /logout` and, when enabled, `GET/POST /signup`. Forms are plain HTML posts
 * (they work without JavaScript), each carrying the CSRF token in a hidden field.
 *
 * @example
 * app.use(authRoutes({ models, csrf: csrfGuard(secret), signupEnabled: true }));
 */
export function authRoutes({ models, csrf, now = () => new Date(), signupEnabled, signInLimits, rateLimitStore }: AuthRouteDependencies): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const checkCsrf = formCsrf(csrf);
  const signInForm = (req: Request, res: Response, status: number, error?: string) =>
    sendPage(res, status, signInPage({ csrfToken: csrf.token(req, res), email: field(req, 'email'), error, signupEnabled }));

  router.get('/login', async (req, res) => {
    if (await sessionUser(req, models)) return res.redirect(303, '/profile');
    signInForm(req, res, 200);
  });

  const limited = signInRateLimits((req, res, minutes) => {
    signInForm(req, res, 429, `Too many failed sign-in attempts. Wait ${minutes} minutes, then try again.`);
  }, signInLimits, rateLimitStore);
  router.post('/login', form, checkCsrf, ...limited, async (req, res) => {
    const user = await verifyPassword(models, field(req, 'email'), field(req, 'password'));
    if (!user) return signInForm(req, res, 401, WRONG_CREDENTIALS);
    await startSession(req, user.id, now);
    res.redirect(303, '/profile');
  });

  router.post('/logout', form, checkCsrf, async (req, res) => {
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  // Switched off, the pages do not exist at all: a 404, not a "sign-up is disabled" notice.
  router.use('/signup', (_req, res, next) => {
    if (signupEnabled) return next();
    sendPage(res, 404, statusPage('Page not found', 'There is no page at this address.'));
  });

  const signUpForm = (req: Request, res: Response, status: number, error?: string) =>
    sendPage(res, status, signUpPage({ csrfToken: csrf.token(req, res), name: field(req, 'name'), email: field(req, 'email'), error }));

  router.get('/signup', (req, res) => signUpForm(req, res, 200));

  const signUpLimit = signUpRateLimit(
    (req, res) => signUpForm(req, res, 429, 'Too many sign-up attempts from your address. Try again in an hour.'),
    rateLimitStore,
  );
  router.post('/signup', form, checkCsrf, signUpLimit, async (req, res) => {
    const password = field(req, 'password');
    if (password.length < MIN_PASSWORD_LENGTH) {
      return signUpForm(req, res, 400, `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    try {
      const user = await createUser(models, { name: field(req, 'name'), email: field(req, 'email'), password });
      await startSession(req, user.id, now);
      res.redirect(303, '/profile');
    } catch (error) {
      // Conflict (email taken) and bad input carry messages written for the user.
      if (error instanceof ServiceError && error.status < 500) return signUpForm(req, res, error.status, error.message);
      throw error;
    }
  });

  return router;
}
