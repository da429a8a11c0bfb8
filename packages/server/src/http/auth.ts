import type { PatAuthInfo } from '@patgate/middleware';
import type { Request } from 'express';
import type { UserRecord } from '../services/users.js';

/**
 * The user the bearer token acts for. The app's verifier resolves `req.user` to a {@link UserRecord}
 * (or refuses the token when the user is gone), so behind `passport.authenticate` it is always set.
 *
 * @example
 * router.get('/user', (req, res) => res.json({ id: currentUser(req).id }));
 */
export function currentUser(req: Request): UserRecord {
  if (!req.user) throw new Error('currentUser() called on a route that is not behind bearer authentication');
  return req.user as UserRecord;
}

/**
 * The verified token's id, scopes and expiry.
 *
 * @example
 * const { tokenId } = currentToken(req);
 */
export function currentToken(req: Request): PatAuthInfo {
  if (!req.authInfo) throw new Error('currentToken() called on a route that is not behind bearer authentication');
  return req.authInfo;
}

/**
 * Whether the request's token carries `scope`, for fields a route shows only to some tokens (an email).
 *
 * @example
 * if (hasScope(req, 'profile:email')) body.email = user.email;
 */
export function hasScope(req: Request, scope: string): boolean {
  return req.authInfo?.scopes.includes(scope) ?? false;
}
