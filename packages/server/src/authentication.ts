/**
 * How a request to `/api` or `/graphql` proves who it is, in one place: a bearer token (the middleware's
 * `authenticate()` over the app's verifier), or else the profile page's signed-in session, which stands
 * in for a token with {@link SESSION_SCOPES}, no expiry and a CSRF check on every unsafe method.
 */
import { createHash } from 'node:crypto';
import { authenticate, TokenRequiredError } from '@patgate/middleware';
import type { FailureLimitOptions, TokenVerifier } from '@patgate/middleware';
import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import type { Models } from './db/models.js';
import { SESSION_SCOPES } from './scopes.js';
import type { UserRecord } from './services/users.js';
import { CsrfError } from './web/csrf.js';
import type { CsrfGuard } from './web/csrf.js';
import { sessionUser } from './web/session-auth.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** Behind {@link apiAuthentication}, `req.user` is the server's user record, whichever credential was used. */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserRecord {}
    interface AuthInfo {
      /**
       * `true` when the profile page's signed-in session stands in for a token; absent for a bearer token.
       * `tokenId` is then a hash of the session id (never the id itself), so per-credential limits and
       * logs can key on it.
       */
      session?: true;
    }
  }
}

/**
 * Whether the request was authenticated by the browser session rather than a bearer token.
 *
 * @example
 * if (isSessionRequest(req)) res.set('Cache-Control', 'no-store');
 */
export function isSessionRequest(req: Request): boolean {
  return req.authInfo?.session === true;
}

/** What {@link apiAuthentication} needs from the app. */
export interface ApiAuthenticationSetup {
  /** The app's verifier; `req.user` is what its `resolveUser` returns. */
  verifier: TokenVerifier<UserRecord>;
  models: Models;
  /** The profile page's CSRF guard, checked on every unsafe request a session makes. */
  csrf: CsrfGuard;
  /** Cookie parsing and express-session, run only for a request that carries no bearer token. */
  session: readonly RequestHandler[];
  /** Counts failed bearer authentications per address (`authFailureLimit`). Defaults to none. */
  failureLimit?: FailureLimitOptions | undefined;
}

function credentialId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 16);
}

/**
 * The session fallback. A request with a bearer token never gets here with `req.authInfo` unset (a bad
 * token is refused by the bearer check), so a script sending a token never pays for cookie parsing or a
 * session lookup; neither does a request without cookies, which cannot have a session.
 */
function sessionCredential({ models, csrf, session }: Omit<ApiAuthenticationSetup, 'verifier' | 'failureLimit'>): RequestHandler {
  const loadSession = Router();
  loadSession.use(...session);
  const signIn = async (req: Request): Promise<Error | undefined> => {
    const user = await sessionUser(req, models);
    if (!user) return new TokenRequiredError();
    if (!csrf.valid(req)) return new CsrfError();
    req.user = user;
    req.authInfo = { tokenId: credentialId(req.sessionID), scopes: SESSION_SCOPES, expiresAt: null, session: true };
    return undefined;
  };
  return (req, res, next) => {
    if (req.authInfo) return next();
    // Another Authorization scheme (Basic, say) is refused like no credentials, never read as "use the
    // session": the bearer check passed it through only because it holds no bearer token.
    if (req.headers.cookie === undefined || req.headers.authorization !== undefined) return next(new TokenRequiredError());
    loadSession(req, res, (error?: unknown) => {
      if (error) return next(error);
      signIn(req).then(next, next);
    });
  };
}

/**
 * Authentication for `/api` and `/graphql`: a bearer token through the middleware's `authenticate()`, or,
 * when the request has no `Authorization` header, the signed-in session with CSRF (another scheme is
 * refused like no credentials, as BearerTokenStrategy does). A wrong token is refused even if a session
 * exists; with neither credential, the usual 401 bearer challenge. Afterwards `req.user` is a `UserRecord` and `req.authInfo`
 * says which credential it was ({@link isSessionRequest}).
 *
 * @example
 * const authenticateApi = apiAuthentication({ verifier, models, csrf: web.csrf, session: web.session });
 * app.use('/api', apiRouter({ models, issuer, events }, [authenticateApi]));
 */
export function apiAuthentication(setup: ApiAuthenticationSetup): RequestHandler {
  // Without a token the check passes, so the session can stand in; a bad token is still refused. The same
  // check as BearerTokenStrategy, without Passport's per-request work (a strategy object and its callbacks,
  // initialize()'s fields): a profile of GET /api/user spent about 10% of the server's time in Passport.
  // Over the failure limit an address gets 429 too_many_failures before its token is looked up.
  const bearer = authenticate(setup.verifier, { passThrough: true, expirationHeader: true, ...setup.failureLimit });
  const session = sessionCredential(setup);
  // One handler, not two layers or a Router: where it is mounted it costs one step of Express's dispatch.
  return (req, res, next) => bearer(req, res, (error?: unknown) => (error ? next(error) : session(req, res, next)));
}
