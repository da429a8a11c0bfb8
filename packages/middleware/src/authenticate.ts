import type { RequestHandler } from 'express';
import { TokenRequiredError } from './errors.js';
import { authenticateRequest, requireVerifier, resolveAuthenticateOptions, type AuthenticateOptions } from './request-auth.js';
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
  return (req, _res, next) => {
    authenticateRequest(req, verifier, resolved).then((result) => {
      if (result) {
        req.user = result.user as Express.User;
        req.authInfo = result.info;
      } else if (!resolved.passThrough) {
        return next(new TokenRequiredError(resolved.realm));
      } else {
        recordRealm(req, resolved.realm);
      }
      next();
    }, next);
  };
}
