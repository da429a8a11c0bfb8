/**
 * The reference server's web side: sign-in, sign-up, sign-out and the profile page where users mint and
 * revoke personal access tokens. The session these pages sign in is also what `apiAuthentication` accepts
 * on the JSON API in place of a token.
 */
import { Router } from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { TokenIssuer } from '@patgate/middleware';
import type { Sequelize } from 'sequelize';
import type { Models } from '../db/models.js';
import type { TokenEventLog } from '../events/token-event-log.js';
import { assetRoutes } from './assets/index.js';
import { authRoutes } from './auth-routes.js';
import { csrfGuard } from './csrf.js';
import type { CsrfGuard } from './csrf.js';
import { pageErrors, pageNotFound } from './error-pages.js';
import { explorerRoutes } from './explorer-routes.js';
import { profileRoutes } from './profile-routes.js';
import type { RateLimitStoreFactory, SignInLimits } from './rate-limits.js';
import { sessionMiddleware } from './sessions.js';
import { tokenHistoryRoutes } from './token-history-routes.js';

export { SESSION_SCOPES } from '../scopes.js';
export { SESSION_COOKIE, DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_MAX_AGE_MS } from './sessions.js';
export { CSRF_FIELD, CSRF_HEADER, CsrfError } from './csrf.js';
export { DEFAULT_SIGN_IN_LIMITS } from './rate-limits.js';
export type { RateLimitStoreFactory, SignInLimits } from './rate-limits.js';

/** What {@link createWeb} needs from the app. */
export interface WebDependencies {
  /** The migrated database; sessions live in its `Sessions` table. */
  sequelize: Sequelize;
  models: Models;
  /** The app's token issuer (same policy as the API and the CLI). */
  issuer: TokenIssuer;
  /** The server secret; session and CSRF keys are derived from it. */
  secret: string;
  /** The token events behind each token's history page. */
  events: TokenEventLog;
  /** Whether `/signup` exists. */
  signupEnabled: boolean;
  /** Whether `/explorer` (the GraphQL explorer) exists. Defaults to `false`. */
  graphqlExplorer?: boolean;
  /** The clock that marks tokens expired on the page. Defaults to `() => new Date()`. */
  now?: () => Date;
  /** How long a signed-in session lasts (from sign-in, and idle). Defaults to 7 days and 24 hours. */
  sessionLifetime?: { maxAgeMs?: number | undefined; idleMs?: number | undefined } | undefined;
  /** Failed sign-in limits. Defaults to {@link DEFAULT_SIGN_IN_LIMITS}. */
  signInLimits?: SignInLimits;
  /** Makes the rate-limit counters' store (Redis, shared by instances). Defaults to one in memory per process. */
  rateLimitStore?: RateLimitStoreFactory | undefined;
}

/** The pieces {@link createWeb} returns, for the app to mount in order. */
export interface Web {
  /**
   * Cookie parsing and the session; mount after `/api` and `/graphql` (which load it themselves only when a
   * request carries no token, see `apiAuthentication`) and before `router`.
   */
  session: RequestHandler[];
  /** The CSRF guard of the pages, which the API also applies to a session standing in for a token. */
  csrf: CsrfGuard;
  /** The pages and their assets; mount after `session`, before `notFound` and the JSON 404 handler. */
  router: Router;
  /** For browsers, a 404 page where no route matched (anywhere but `/api` and `/graphql`); mount before the JSON 404. */
  notFound: RequestHandler;
  /** For browsers, any error as a page (content negotiation); mount before the JSON error handler. */
  errors: ErrorRequestHandler;
}


/**
 * Builds the web side of the server. The session and CSRF keys are derived from `secret`; the sessions
 * table comes from the migrations.
 *
 * @example
 * const web = createWeb({ sequelize, models, issuer, secret, signupEnabled: true });
 * app.use('/api', apiAuthentication({ verifier, models, csrf: web.csrf, session: web.session }), api);
 * app.use(web.session, web.router, web.notFound, notFoundHandler(), web.errors, errorHandler());
 */
export function createWeb(deps: WebDependencies): Web {
  const now = deps.now ?? (() => new Date());
  const csrf = csrfGuard(deps.secret, now);
  const router = Router();
  router.use(assetRoutes());
  router.use(
    authRoutes({ models: deps.models, csrf, now, signupEnabled: deps.signupEnabled, signInLimits: deps.signInLimits, rateLimitStore: deps.rateLimitStore }),
  );
  router.use(profileRoutes({ models: deps.models, issuer: deps.issuer, csrf, now: deps.now }));
  router.use(tokenHistoryRoutes({ models: deps.models, issuer: deps.issuer, events: deps.events, csrf }));
  if (deps.graphqlExplorer) router.use(explorerRoutes({ models: deps.models, csrf }));
  return {
    session: sessionMiddleware({ sequelize: deps.sequelize, secret: deps.secret, now, ...deps.sessionLifetime }),
    csrf,
    router,
    notFound: pageNotFound,
    errors: pageErrors,
  };
}
