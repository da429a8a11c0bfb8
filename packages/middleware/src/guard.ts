import type { RequestHandler } from 'express';
import { InsufficientScopeError, TokenRequiredError } from './errors.js';
import { patAuthInfo } from './auth-info.js';
import { checkScopeNames } from './options.js';
import { requestRealm } from './request-state.js';

/** Scope names as the guards take them: names, arrays of names, or both (`'a', ['b', 'c']`). */
export type ScopeList = readonly (string | readonly string[])[];

function flatten(scopes: ScopeList): string[] {
  return scopes.flatMap((scope) => (Array.isArray(scope) ? [...(scope as readonly string[])] : [scope as string]));
}

function guard(owner: string, list: ScopeList, allowed: (held: ReadonlySet<string>, scopes: readonly string[]) => boolean, message?: (scopes: readonly string[]) => string): RequestHandler {
  const scopes = flatten(list);
  if (scopes.length === 0) throw new TypeError(`patgate: ${owner} needs at least one scope, such as ${owner}('streams:read')`);
  checkScopeNames(owner, scopes);
  const required = [...scopes];
  return (req, _res, next) => {
    const info = patAuthInfo(req);
    if (!info) return next(new TokenRequiredError(requestRealm(req)));
    if (allowed(new Set(info.scopes), required)) return next();
    next(new InsufficientScopeError(required, message?.(required), requestRealm(req)));
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
 * app.post('/api/streams', requireScopes(['streams:read', 'streams:write']), createStream); // the same
 */
export function requireScopes(...scopes: ScopeList): RequestHandler {
  return guard('requireScopes', scopes, (held, required) => required.every((scope) => held.has(scope)));
}

/**
 * Lets the request through if its token carries at least one of `scopes`.
 *
 * @example
 * app.get('/api/users/:id', requireAnyScope('users:read', 'profile:read'), getUser);
 */
export function requireAnyScope(...scopes: ScopeList): RequestHandler {
  return guard(
    'requireAnyScope',
    scopes,
    (held, required) => required.some((scope) => held.has(scope)),
    (required) => `This action needs one of the scopes ${required.join(', ')}`,
  );
}
