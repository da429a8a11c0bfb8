import type { NextFunction, Request, RequestHandler } from 'express';
import { authenticateRequest, isRefusal, requireVerifier, resolveAuthenticateOptions, type AuthenticateOptions, type RequestAuthOutcome } from './request-auth.js';
import type { TokenVerifier } from './verifier.js';

/**
 * The bearer check as plain Express middleware, for apps without Passport. Sets `req.user` and
 * `req.authInfo` on success; passes every failure to `next(err)`.
 *
 * @example
 * app.use('/api', authenticate(verifier));
 * app.get('/api/streams', requireScopes('streams:read'), handler);
 */
export function authenticate<User = Express.User>(verifier: TokenVerifier<User>, options: AuthenticateOptions = {}): RequestHandler {
  requireVerifier('authenticate()', verifier, 'authenticate');
  const resolved = resolveAuthenticateOptions('authenticate()', options);
  // No closure per request: a synchronous verifier answers before this returns; only a store that returns
  // a promise costs one callback.
  return (req, _res, next) => {
    let outcome: ReturnType<typeof authenticateRequest<User>>;
    try {
      outcome = authenticateRequest(req, verifier, resolved);
    } catch (error) {
      return next(error);
    }
    if (outcome instanceof Promise) outcome.then((settled) => finish(req, settled, next), next);
    else finish(req, outcome, next);
  };
}

function finish<User>(req: Request, outcome: RequestAuthOutcome<User>, next: NextFunction): void {
  if (outcome === null) return next();
  if (isRefusal(outcome)) return next(outcome.error);
  req.user = outcome.user as Express.User;
  req.authInfo = outcome.info;
  next();
}
