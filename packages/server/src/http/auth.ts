import type { PatAuthInfo, TokenActionContext, TokenActor } from '@patgate/middleware';
import type { Request } from 'express';
import { isSessionRequest } from '../authentication.js';
import type { ScopeName } from '../scopes.js';
import type { Caller } from '../services/access.js';
import { BadInputError } from '../services/errors.js';
import type { UserRecord } from '../services/users.js';

// Defined with the rest of authentication; re-exported because routes and resolvers read it with these helpers.
export { isSessionRequest };

/**
 * The user the request acts for. Behind `apiAuthentication` `req.user` is always set, and typed as a
 * {@link UserRecord} (the app's verifier resolves it, or refuses the token when the user is gone; a session
 * loads it).
 *
 * @example
 * router.get('/user', (req, res) => res.json({ id: currentUser(req).id }));
 */
export function currentUser(req: Request): UserRecord {
  if (!req.user) throw new Error('currentUser() called on a route that is not behind bearer authentication');
  return req.user;
}

/**
 * Who the request acts for, as the stream services take it: the user, and the streams the request's token
 * is limited to (`null` for a token without a limit, and for a session). The services enforce the limit;
 * routes and resolvers only pass this on.
 *
 * @example
 * res.json(await getStream(models, currentCaller(req), id));
 */
export function currentCaller(req: Request): Caller {
  return { userId: currentUser(req).id, streamIds: req.authInfo?.resourceIds ?? null };
}

/**
 * The bearer token making this request, for the routes about "the current token". A signed-in session is
 * not a token: those routes answer it 400 rather than pretending.
 *
 * @example
 * const { tokenId } = currentBearerToken(req);
 */
export function currentBearerToken(req: Request): PatAuthInfo {
  if (isSessionRequest(req)) {
    throw new BadInputError('This route is about the bearer token making the request; a signed-in session has none');
  }
  return currentToken(req);
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
export function hasScope(req: Request, scope: ScopeName): boolean {
  return req.authInfo?.scopes.includes(scope) ?? false;
}

/**
 * Whether this request may see an email address: the caller's own with `profile:email`; someone else's
 * only with `users:email` AND the `server:admin` role (the scope says the token may, the role says the
 * person may). Shared by REST and GraphQL so the rule lives in one place.
 *
 * @example
 * toPublicUser(user, { includeEmail: mayReadEmail(req, 'other') });
 */
export function mayReadEmail(req: Request, whose: 'own' | 'other'): boolean {
  if (whose === 'own') return hasScope(req, 'profile:email');
  return hasScope(req, 'users:email') && currentUser(req).serverRole === 'server:admin';
}

/**
 * Who is acting on a token and from where, for the issuer's events: the actor, Express's `req.ip` (which
 * honours `trust proxy`) and the `User-Agent` header.
 *
 * @example
 * await issuer.revoke(currentUser(req).id, id, actionContext(req, 'owner'));
 */
export function actionContext(req: Request, actor: TokenActor): TokenActionContext {
  return { actor, ip: req.ip, userAgent: req.get('user-agent') };
}
