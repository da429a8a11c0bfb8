import { TokenRequiredError } from '@patgate/middleware';
import type { PatAuthInfo } from '@patgate/middleware';
import type { Request, RequestHandler } from 'express';
import { sessionMarker } from '../http/auth.js';
import type { Models } from '../db/models.js';
import { getUserById } from '../services/users.js';
import type { UserRecord } from '../services/users.js';
import { SESSION_SCOPES } from '../scopes.js';
import { CsrfError } from './csrf.js';
import type { CsrfGuard } from './csrf.js';

/**
 * The signed-in user of this request's session, or null; forgets sessions whose user was deleted.
 *
 * @example
 * if (!(await sessionUser(req, models))) return res.redirect(303, '/login');
 */
export async function sessionUser(req: Request, models: Models): Promise<UserRecord | null> {
  const userId = req.session?.userId;
  if (!userId) return null;
  const user = await getUserById(models, userId);
  if (!user) delete req.session.userId;
  return user;
}

/**
 * Runs after the bearer strategy (in pass-through mode) on `/api`: a request that already has a token
 * identity goes on; otherwise the signed-in session stands in for one, with {@link SESSION_SCOPES} and
 * no expiry. Every unsafe method on a session must carry the CSRF token (a bearer header cannot be sent
 * cross-site without CORS, a cookie can). With neither credential, the usual 401 bearer challenge.
 *
 * @example
 * app.use('/api', passport.authenticate('bearer-or-session', { session: false }), sessionApiAuth({ models, csrf }), api);
 */
export function sessionApiAuth({ models, csrf }: { models: Models; csrf: CsrfGuard }): RequestHandler {
  return async (req, _res, next) => {
    if (req.authInfo) return next();
    const user = await sessionUser(req, models);
    if (!user) return next(new TokenRequiredError());
    if (!csrf.valid(req)) return next(new CsrfError());
    req.user = user;
    const info: PatAuthInfo = { tokenId: sessionMarker(req.sessionID), scopes: SESSION_SCOPES, expiresAt: null };
    req.authInfo = info;
    next();
  };
}
