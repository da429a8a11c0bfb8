import type { RequestHandler } from 'express';
import { InsufficientScopeError, TokenRequiredError } from './errors.js';
import { checkScopeNames } from './options.js';
import { requestRealm } from './request-auth.js';

function guard(owner: string, scopes: readonly string[], allowed: (held: ReadonlySet<string>) => boolean, message?: string): RequestHandler {
  if (scopes.length === 0) throw new TypeError(`patgate: ${owner} needs at least one scope, such as ${owner}('streams:read')`);
  checkScopeNames(owner, scopes);
  const required = [...scopes];
  return (req, _res, next) => {
    const info = req.authInfo;
    if (!info || !Array.isArray(info.scopes)) return next(new TokenRequiredError(requestRealm(req)));
    if (allowed(new Set(info.scopes))) return next();
    next(new InsufficientScopeError(required, message, requestRealm(req)));
  };
}

/**
 * Lets the request through only if its token carries every one of `scopes`; otherwise 403
 * `insufficient_scope` naming them (401 when the request was not authenticated at all), in the realm the
 * strategy or `authenticate()` before it was configured with. Put it after
 * `passport.authenticate('bearer', …)` or `authenticate(verifier)`.
 *
 * @example
 * app.post('/api/streams', requireScopes('streams:read', 'streams:write'), createStream);
 */
export function requireScopes(...scopes: string[]): RequestHandler {
  return guard('requireScopes', scopes, (held) => scopes.every((scope) => held.has(scope)));
}

/**
 * Lets the request through if its token carries at least one of `scopes`.
 *
 * @example
 * app.get('/api/users/:id', requireAnyScope('users:read', 'profile:read'), getUser);
 */
export function requireAnyScope(...scopes: string[]): RequestHandler {
  return guard(
    'requireAnyScope',
    scopes,
    (held) => scopes.some((scope) => held.has(scope)),
    `This action needs one of the scopes ${scopes.join(', ')}`,
  );
}
