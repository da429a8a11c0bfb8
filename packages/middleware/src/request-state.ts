import { DEFAULT_REALM, isPatgateError, type PatgateError } from './errors.js';

// What the authentication step leaves on the request for the steps after it: the realm (for the guards) and
// the refusal BearerTokenStrategy reported to Passport (for patgateErrorHandler under `failWithError`, a
// custom callback or a Nest guard). Keys registered with Symbol.for, so an ESM and a CommonJS copy of the
// package in one process read each other's values; non-enumerable, so they never show up in JSON, spreads
// or logs.
const REALM = Symbol.for('patgate.realm');
const FAILURE = Symbol.for('patgate.failure');

function define(target: object, key: symbol, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, configurable: true, writable: true });
}

/**
 * Records the realm the authentication step used, so that guards answer in the same realm.
 *
 * @example
 * recordRealm(req, 'acme');
 */
export function recordRealm(req: object, realm: string): void {
  // "None recorded" already means the default realm: most requests (one realm, the default) write nothing,
  // and defining a property on every request is a cost the request path does not need.
  if (realm === DEFAULT_REALM && (req as { [REALM]?: unknown })[REALM] === undefined) return;
  define(req, REALM, realm);
}

/**
 * The realm the authentication step used on this request; `'patgate'` when none ran.
 *
 * @example
 * next(new TokenRequiredError(requestRealm(req)));
 */
export function requestRealm(req: object): string {
  const realm = (req as { [REALM]?: unknown })[REALM];
  return typeof realm === 'string' ? realm : DEFAULT_REALM;
}

/**
 * Records (or, with `undefined`, clears) the refusal behind a Passport `fail()`.
 *
 * @example
 * recordFailure(req, error);
 */
export function recordFailure(req: object, error: PatgateError | undefined): void {
  // Clearing what was never set writes nothing, so a request that is not refused pays nothing here.
  if (error === undefined && (req as { [FAILURE]?: unknown })[FAILURE] === undefined) return;
  define(req, FAILURE, error);
}

/**
 * The RFC 6750 error `BearerTokenStrategy` refused this request with, if it did: what a Passport custom
 * callback, a NestJS guard's `handleRequest` or an error handler after `failWithError` answers with.
 *
 * @example
 * passport.authenticate('bearer', { session: false }, (err, user, challenge) => {
 *   if (err) return next(err);
 *   if (!user) return next(requestFailure(req) ?? new TokenRequiredError());
 *   // …
 * })(req, res, next);
 */
export function requestFailure(req: object): PatgateError | undefined {
  const failure = (req as { [FAILURE]?: unknown })[FAILURE];
  return isPatgateError(failure) ? failure : undefined;
}
