import type { Request } from 'express';
import { DEFAULT_REALM, InvalidTokenError, INVALID_TOKEN_MESSAGE, isPatgateError, type PatgateError } from './errors.js';
import { extractWith, type ExtractOptions, type TokenSource } from './extract-token.js';
import { resolveFailureLimit, underFailureLimit, type ResolvedFailureLimit } from './failure-limit.js';
import { checkKnownKeys, optionalFunction } from './options.js';
import { recordRealm } from './request-state.js';
import { setExpirationHeader, type HeaderTarget } from './expiration-header.js';
import type { FailureLimitOptions, MaybePromise, PatAuthInfo, TokenLocationOptions, TokenResponseOptions, VerifyContext } from './types.js';
import { VERIFY_NOW, type TokenVerifier, type VerifyResult } from './verifier.js';

/**
 * The per-request hook: sees the request and the verified token, and returns the user to authenticate as
 * (the one given, or another) or `false` / `null` / `undefined` to refuse the token with the same 401
 * `invalid_token` answer as any other bad token. Throwing a patgate error (say an
 * `InsufficientScopeError`) refuses with that error; any other throw is a server fault.
 */
export type ValidateHook<User, Req = never> = (req: Req, user: User, info: PatAuthInfo) => MaybePromise<User | false | null | undefined>;

/** Options of `authenticate()` and `BearerTokenStrategy`. */
export interface AuthenticateOptions<User = Express.User> extends TokenLocationOptions, TokenResponseOptions, FailureLimitOptions {
  /**
   * When the request carries no token at all, let it through unauthenticated (`req.user` unset) instead
   * of answering 401: for routes that also accept a session, or are public with extras for token
   * holders. A wrong token is still refused. Under Passport, a request with another `Authorization`
   * scheme (say `Basic`) goes on to the next strategy in the list instead. Defaults to `false`.
   */
  passThrough?: boolean | undefined;
  /**
   * Refuse or replace a verified token's user for the app's own reasons (tenant, address, anything):
   * see {@link ValidateHook}. Runs after the token is verified, before `req.user` is set. Defaults to none.
   *
   * @example
   * authenticate(verifier, { validate: (req, user) => (req.hostname === tenantOf(user) ? user : false) })
   */
  validate?: ValidateHook<User, Request> | undefined;
  /**
   * Besides `Authorization: Bearer`, read the raw token from this header, e.g. `'x-api-key'` (the whole
   * value is the token). A token in both is a 400. Defaults to none.
   */
  header?: string | undefined;
  /**
   * Finds the token yourself, replacing the built-in lookup (so it cannot be combined with `header`,
   * `allowQuery` or `allowBody`). Return `undefined`, `null` or `''` for "no token"; throw a patgate
   * error (e.g. `InvalidRequestError`) to refuse the request. Defaults to none.
   *
   * @example
   * authenticate(verifier, { getToken: (req) => req.cookies?.pat })
   */
  getToken?: ((req: Request) => MaybePromise<string | null | undefined>) | undefined;
}

/** The option names `authenticate()` and the strategy share. */
// prettier-ignore
export const AUTHENTICATE_OPTION_NAMES = [
  'allowQuery', 'allowBody', 'realm', 'passThrough', 'header', 'getToken', 'validate', 'expirationHeader', 'failureLimiter', 'failureKey',
] as const;

/** Options after checking, with defaults filled in. */
export interface ResolvedAuthenticateOptions extends ExtractOptions {
  passThrough: boolean;
  expirationHeader: boolean;
  getToken: ((req: never) => MaybePromise<string | null | undefined>) | undefined;
  validate: ValidateHook<unknown, never> | undefined;
  /** The failure limit, when one is configured. */
  failureLimit: ResolvedFailureLimit | undefined;
}

/**
 * Refuses a first argument that is not a verifier, at construction. `call` is how the caller is written,
 * so the message shows the fix.
 *
 * @example
 * requireVerifier('authenticate()', verifier, 'authenticate');
 * // TypeError: patgate: authenticate() needs a TokenVerifier as its first argument: authenticate(new TokenVerifier({ store, pepper }))
 */
export function requireVerifier(owner: string, verifier: unknown, call: string): void {
  if (!verifier || typeof (verifier as { verify?: unknown }).verify !== 'function') {
    throw new TypeError(`patgate: ${owner} needs a TokenVerifier as its first argument: ${call}(new TokenVerifier({ store, pepper }))`);
  }
}

// RFC 7230 token characters: what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function resolveHeader(owner: string, header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    throw new TypeError(`patgate: ${owner} option \`header\` must be a header name such as 'x-api-key'; received ${JSON.stringify(header)}`);
  }
  if (header.toLowerCase() === 'authorization') {
    throw new TypeError(`patgate: ${owner} option \`header\` names a header besides Authorization, which is always read; leave it out`);
  }
  return header.toLowerCase();
}

/**
 * Checks options once, at construction.
 *
 * @example
 * const resolved = resolveAuthenticateOptions('authenticate', { allowQuery: true });
 */
export function resolveAuthenticateOptions<User>(owner: string, options: AuthenticateOptions<User> = {}): ResolvedAuthenticateOptions {
  checkKnownKeys(owner, options, AUTHENTICATE_OPTION_NAMES);
  for (const name of ['allowQuery', 'allowBody', 'passThrough', 'expirationHeader'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') {
      throw new TypeError(`patgate: ${owner} option \`${name}\` must be true or false; received ${String(options[name])}`);
    }
  }
  const realm = options.realm ?? DEFAULT_REALM;
  if (typeof realm !== 'string' || realm.length === 0) {
    throw new TypeError(`patgate: ${owner} option \`realm\` must be a non-empty string such as 'patgate'`);
  }
  // It goes into the WWW-Authenticate header, where Node refuses anything else on every failure (a 500).
  if (!/^[\x20-\x7e]+$/.test(realm)) {
    throw new TypeError(
      `patgate: ${owner} option \`realm\` must be printable ASCII (letters, digits, spaces, punctuation); received ${JSON.stringify(realm)}. Use a plain name such as 'acme'`,
    );
  }
  const getToken = optionalFunction<ResolvedAuthenticateOptions['getToken']>(owner, 'getToken', options.getToken, undefined);
  const locations = (['header', 'allowQuery', 'allowBody'] as const).filter((name) => options[name] !== undefined);
  if (getToken && locations.length > 0) {
    throw new TypeError(`patgate: ${owner} option \`getToken\` replaces the built-in token lookup; leave out \`${locations.join('`, `')}\` or \`getToken\``);
  }
  return {
    allowQuery: options.allowQuery ?? false,
    allowBody: options.allowBody ?? false,
    header: resolveHeader(owner, options.header),
    realm,
    passThrough: options.passThrough ?? false,
    expirationHeader: options.expirationHeader ?? false,
    getToken,
    validate: optionalFunction<ResolvedAuthenticateOptions['validate']>(owner, 'validate', options.validate, undefined),
    failureLimit: resolveFailureLimit(owner, options),
  };
}

/** The verifier and hooks raise errors in the default realm; the answer names the configured one. */
function inRealm(error: InvalidTokenError, realm: string): InvalidTokenError {
  return realm === DEFAULT_REALM ? error : new InvalidTokenError(error.reason, error.message, realm);
}

/**
 * The request's address (Express's `req.ip`, which honours `trust proxy`) and user agent for the
 * verifier's events, read only if an event is emitted: `req.ip` runs the trust-proxy rules on every read,
 * which most requests never need.
 */
class RequestContext implements VerifyContext {
  constructor(private readonly source: TokenSource & { ip?: unknown }) {}

  get ip(): string | undefined {
    return typeof this.source.ip === 'string' ? this.source.ip : undefined;
  }

  get userAgent(): string | undefined {
    const userAgent = this.source.headers['user-agent'];
    return typeof userAgent === 'string' ? userAgent : undefined;
  }
}

/** Marks a request as authenticated: the realm for the guards, and the expiration header when asked for. */
function succeeded(source: TokenSource & { res?: HeaderTarget }, info: PatAuthInfo, options: ResolvedAuthenticateOptions): void {
  recordRealm(source, options.realm);
  // Express links the response to the request, so both adapters (and Passport) reach it from here.
  if (options.expirationHeader) setExpirationHeader(source.res, info.expiresAt);
}

/** What a request authenticated to: an identity, or `null` when it carried no token. */
export type RequestAuthResult<User> = Extract<VerifyResult<User>, { ok: true }> | null;

/** A refusal, returned rather than thrown, so that a bad token costs no exception. */
export interface RequestAuthRefusal {
  error: PatgateError;
}

/** What {@link authenticateRequest} settles to: an identity, `null` (no token) or a refusal. */
export type RequestAuthOutcome<User> = RequestAuthResult<User> | RequestAuthRefusal;

/** Whether an outcome of {@link authenticateRequest} is a refusal. */
export function isRefusal<User>(outcome: RequestAuthOutcome<User>): outcome is RequestAuthRefusal {
  return outcome !== null && 'error' in outcome;
}

/** A patgate error as a refusal; anything else is a fault and is thrown on. */
function refusalOr(error: unknown): RequestAuthRefusal {
  if (isPatgateError(error)) return { error };
  throw error;
}

/** The verifier's promise-free path where it has one (a `TokenVerifier`), else its `verify`. */
function verifyNow<User>(verifier: TokenVerifier<User>, token: string, context: VerifyContext): MaybePromise<VerifyResult<User>> {
  const fast = (verifier as Partial<Pick<TokenVerifier<User>, typeof VERIFY_NOW>>)[VERIFY_NOW];
  return typeof fast === 'function' ? fast.call(verifier, token, context) : verifier.verify(token, context);
}

async function tokenFromHook(source: TokenSource, getToken: NonNullable<ResolvedAuthenticateOptions['getToken']>): Promise<string | undefined> {
  const token: unknown = await getToken(source as never);
  if (token === undefined || token === null || token === '') return undefined;
  if (typeof token !== 'string') throw new TypeError(`patgate: the getToken option must return a string, null or undefined; it returned ${typeof token}`);
  return token;
}

/**
 * The one check behind both adapters: find the token, verify it, run the `validate` hook, and turn
 * refusals into RFC 6750 errors with the configured realm. `null` when the request carries no token (the
 * adapter decides between 401 and passing through); `{ error }` for a refusal. Synchronous when the
 * verifier is (a `TokenVerifier` whose cache, store and `resolveUser` answer at once) and no hook returns
 * a promise, so the common request spends no turn of the event loop on its token. A store, `resolveUser`
 * or hook fault throws (or rejects) with that error. On success it records the realm for the guards.
 *
 * @example
 * const outcome = authenticateRequest(req, verifier, resolved);
 * if (outcome instanceof Promise) outcome.then((settled) => finish(req, settled, next), next);
 * else finish(req, outcome, next);
 */
export function authenticateRequest<User>(
  source: TokenSource,
  verifier: TokenVerifier<User>,
  options: ResolvedAuthenticateOptions,
): MaybePromise<RequestAuthOutcome<User>> {
  if (options.getToken) {
    return tokenFromHook(source, options.getToken).then((token) => withToken(source, verifier, options, token), refusalOr);
  }
  let token: string | undefined;
  try {
    token = extractWith(source, options);
  } catch (error) {
    return refusalOr(error);
  }
  return withToken(source, verifier, options, token);
}

function withToken<User>(source: TokenSource, verifier: TokenVerifier<User>, options: ResolvedAuthenticateOptions, token: string | undefined): MaybePromise<RequestAuthOutcome<User>> {
  if (token === undefined) return null;
  if (options.failureLimit) {
    // Counted before the lookup, refunded unless refused; over the limit, a 429 refusal and no lookup.
    let limited: MaybePromise<VerifyResult<User>>;
    try {
      limited = underFailureLimit(options.failureLimit, source, () => verifyNow(verifier, token, new RequestContext(source)));
    } catch (error) {
      return refusalOr(error);
    }
    return limited instanceof Promise ? limited.then((settled) => verified(source, settled, options), refusalOr) : verified(source, limited, options);
  }
  const result = verifyNow(verifier, token, new RequestContext(source));
  return result instanceof Promise ? result.then((settled) => verified(source, settled, options)) : verified(source, result, options);
}

function verified<User>(source: TokenSource, result: VerifyResult<User>, options: ResolvedAuthenticateOptions): MaybePromise<RequestAuthOutcome<User>> {
  if (!result.ok) return { error: inRealm(result.error, options.realm) };
  if (options.validate) return validated(source, result, options);
  succeeded(source, result.info, options);
  return result;
}

async function validated<User>(
  source: TokenSource,
  result: Extract<VerifyResult<User>, { ok: true }>,
  options: ResolvedAuthenticateOptions,
): Promise<RequestAuthOutcome<User>> {
  const validate = options.validate as ValidateHook<User, TokenSource>;
  let user: User | false | null | undefined;
  try {
    user = await validate(source, result.user, result.info);
  } catch (error) {
    return refusalOr(error instanceof InvalidTokenError ? inRealm(error, options.realm) : error);
  }
  if (user === false || user === null || user === undefined) {
    return { error: new InvalidTokenError('refused', INVALID_TOKEN_MESSAGE, options.realm) };
  }
  succeeded(source, result.info, options);
  return { ...result, user };
}

/**
 * Runs {@link authenticateRequest} for an adapter and hands the outcome to `finish` (at once when it is a
 * value, so a synchronous verifier answers before this returns) or a thrown or rejected fault to `fault`.
 * `a` and `b` are passed through, so the callbacks can be made once rather than per request.
 *
 * @example
 * settleAuthentication(req, verifier, resolved, req, next, finish, (_req, next, error) => next(error));
 */
export function settleAuthentication<User, A, B>(
  source: TokenSource,
  verifier: TokenVerifier<User>,
  options: ResolvedAuthenticateOptions,
  a: A,
  b: B,
  finish: (a: A, b: B, outcome: RequestAuthOutcome<User>) => void,
  fault: (a: A, b: B, error: unknown) => void,
): void {
  let outcome: MaybePromise<RequestAuthOutcome<User>>;
  try {
    outcome = authenticateRequest(source, verifier, options);
  } catch (error) {
    return fault(a, b, error);
  }
  if (outcome instanceof Promise) outcome.then((settled) => finish(a, b, settled), (error: unknown) => fault(a, b, error));
  else finish(a, b, outcome);
}
