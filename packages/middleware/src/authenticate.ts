import type { NextFunction, Request, RequestHandler } from 'express';
import { TokenRequiredError } from './errors.js';
import { isRefusal, requireVerifier, resolveAuthenticateOptions, settleAuthentication, type AuthenticateOptions, type RequestAuthOutcome } from './request-auth.js';
import { recordRealm } from './request-state.js';
import type { TokenVerifier } from './verifier.js';

/**
 * The bearer check as plain Express middleware, for apps without Passport. Sets `req.user` and
 * `req.authInfo` on success; passes every failure to `next(err)`.
 *
 * @example
 * app.use('/api', authenticate(verifier));
 * app.get('/api/streams', requireScopes('streams:read'), handler);
 */
export function authenticate<User = Express.User>(verifier: TokenVerifier<User>, options: AuthenticateOptions<User> = {}): RequestHandler {
  requireVerifier('authenticate()', verifier, 'authenticate');
  const resolved = resolveAuthenticateOptions('authenticate()', options);
  const finish = (req: Request, next: NextFunction, outcome: RequestAuthOutcome<User>): void => {
    if (outcome === null) {
      if (!resolved.passThrough) return next(new TokenRequiredError(resolved.realm));
      recordRealm(req, resolved.realm);
      return next();
    }
    if (isRefusal(outcome)) return next(outcome.error);
    req.user = outcome.user as Express.User;
    req.authInfo = outcome.info;
    next();
  };
  // No closure per request: a synchronous verifier answers before this returns.
  return (req, _res, next) => settleAuthentication(req, verifier, resolved, req, next, finish, passOn);
}

const passOn = (_req: Request, next: NextFunction, error: unknown): void => next(error);
