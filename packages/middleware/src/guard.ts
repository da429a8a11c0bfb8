import type { RequestHandler } from 'express';
import { InsufficientScopeError, TokenRequiredError } from './errors.js';
import { patAuthInfo } from './auth-info.js';
import { checkScopeNames } from './options.js';
import { requestRealm } from './request-state.js';
import type { ScopeArgument, ScopeGuards } from './scope-types.js';

function flatten(scopes: readonly unknown[]): unknown[] {
  return scopes.flatMap((scope) => (Array.isArray(scope) ? (scope as unknown[]) : [scope]));
}

function guard(
  owner: string,
  given: readonly unknown[],
  vocabulary: ReadonlySet<string> | undefined,
  allowed: (required: readonly string[], held: readonly string[]) => boolean,
  message?: (required: readonly string[]) => string,
): RequestHandler {
  const flat = flatten(given);
  if (flat.length === 0) throw new TypeError(`patgate: ${owner} needs at least one scope, such as ${owner}('streams:read')`);
  checkScopeNames(owner, flat);
  const scopes: readonly string[] = flat;
  const unknown = vocabulary ? scopes.filter((scope) => !vocabulary.has(scope)) : [];
  if (unknown.length > 0) {
    throw new TypeError(`patgate: ${owner} was given ${unknown.map((s) => `'${s}'`).join(', ')}, not in the scope vocabulary (${[...vocabulary!].join(', ')})`);
  }
  const required = [...scopes];
  const text = message?.(required);
  return (req, _res, next) => {
    const info = patAuthInfo(req);
    if (!info) return next(new TokenRequiredError(requestRealm(req)));
    if (allowed(required, info.scopes)) return next();
    next(new InsufficientScopeError(required, text, requestRealm(req)));
  };
}

// A token holds a handful of scopes and a route needs one or two: a linear search beats building a Set
// on every request, and plain loops make no callback per request either.
function all(required: readonly string[], held: readonly string[]): boolean {
  for (const scope of required) if (!held.includes(scope)) return false;
  return true;
}
function any(required: readonly string[], held: readonly string[]): boolean {
  for (const scope of required) if (held.includes(scope)) return true;
  return false;
}
const anyMessage = (required: readonly string[]) => `This action needs one of the scopes ${required.join(', ')}`;

/**
 * Lets the request through only if its token carries every one of `scopes` (names, arrays of names, or
 * both); otherwise 403 `insufficient_scope` naming them (401 when the request was not authenticated at
 * all), in the realm the strategy or `authenticate()` before it was configured with. Put it after
 * `passport.authenticate('bearer', …)` or `authenticate(verifier)`. For a typed vocabulary, see
 * {@link scopeGuards}.
 *
 * @example
 * app.post('/api/streams', requireScopes('streams:read', 'streams:write'), createStream);
 * app.post('/api/streams', requireScopes(['streams:read', 'streams:write']), createStream);
 */
export function requireScopes(...scopes: ScopeArgument<string>[]): RequestHandler {
  return guard('requireScopes', scopes, undefined, all);
}

/**
 * Lets the request through if its token carries at least one of `scopes` (names, arrays of names, or both).
 *
 * @example
 * app.get('/api/users/:id', requireAnyScope('users:read', 'profile:read'), getUser);
 */
export function requireAnyScope(...scopes: ScopeArgument<string>[]): RequestHandler {
  return guard('requireAnyScope', scopes, undefined, any, anyMessage);
}

/**
 * The scope guards typed by the app's own vocabulary: a name outside it fails to compile, and (for
 * JavaScript callers) throws when the guard is built. Same runtime behaviour as {@link requireScopes} and
 * {@link requireAnyScope} otherwise.
 *
 * @example
 * const SCOPES = ['notes:read', 'notes:write'] as const;
 * export const { requireScopes, requireAnyScope } = scopeGuards(SCOPES);
 * requireScopes('notes:read'); // fine
 * requireScopes('note:read'); // type error, and a TypeError at start-up
 */
export function scopeGuards<const S extends string>(vocabulary: readonly S[]): ScopeGuards<S> {
  if (!Array.isArray(vocabulary) || vocabulary.length === 0) {
    throw new TypeError("patgate: scopeGuards needs the list of every scope name, such as scopeGuards(['streams:read'])");
  }
  checkScopeNames('scopeGuards', vocabulary);
  const known: ReadonlySet<string> = new Set(vocabulary);
  return {
    requireScopes: (...scopes) => guard('requireScopes', scopes, known, all),
    requireAnyScope: (...scopes) => guard('requireAnyScope', scopes, known, any, anyMessage),
  };
}
