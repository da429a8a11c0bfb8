import { DEFAULT_REALM, InvalidTokenError, PatgateError, TokenRequiredError } from './errors.js';
import { extractToken, type ExtractOptions, type TokenSource } from './extract-token.js';
import { checkKnownKeys } from './options.js';
import type { MaybePromise, TokenLocationOptions, VerifyContext } from './types.js';
import { VERIFY_NOW, type TokenVerifier, type VerifyResult } from './verifier.js';

/** Options of `authenticate()` and `BearerTokenStrategy`. */
export interface AuthenticateOptions extends TokenLocationOptions {
  /**
   * When the request carries no token at all, let it through unauthenticated (`req.user` unset) instead
   * of answering 401: for routes that also accept a session, or are public with extras for token
   * holders. A wrong token is still refused. Defaults to `false`.
   */
  passThrough?: boolean;
}

const OPTION_NAMES = ['allowQuery', 'allowBody', 'realm', 'passThrough'] as const;

/** Options after checking, with defaults filled in. */
export interface ResolvedAuthenticateOptions extends ExtractOptions {
  passThrough: boolean;
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

/**
 * Checks options once, at construction.
 *
 * @example
 * const resolved = resolveAuthenticateOptions('authenticate', { allowQuery: true });
 */
export function resolveAuthenticateOptions(owner: string, options: AuthenticateOptions = {}): ResolvedAuthenticateOptions {
  checkKnownKeys(owner, options, OPTION_NAMES);
  for (const name of ['allowQuery', 'allowBody', 'passThrough'] as const) {
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
  return {
    allowQuery: options.allowQuery ?? false,
    allowBody: options.allowBody ?? false,
    realm,
    passThrough: options.passThrough ?? false,
  };
}

// Where authenticateRequest leaves a realm other than the default for the guards that run later. A
// module-private symbol, non-enumerable, so it clashes with nothing and never shows up in JSON, spreads or
// logs. The default realm is never written: "none recorded" means it, so most requests pay nothing here.
const REALM = Symbol('patgate.realm');

function recordRealm(source: TokenSource, realm: string): void {
  if (realm === DEFAULT_REALM && (source as { [REALM]?: unknown })[REALM] === undefined) return;
  Object.defineProperty(source, REALM, { value: realm, enumerable: false, configurable: true, writable: true });
}

/**
 * The realm the authentication step used on this request, so that guards answer in the same realm;
 * `'patgate'` when none ran.
 *
 * @example
 * next(new TokenRequiredError(requestRealm(req)));
 */
export function requestRealm(source: object): string {
  const realm = (source as { [REALM]?: unknown })[REALM];
  return typeof realm === 'string' ? realm : DEFAULT_REALM;
}

/**
 * The request's address and user agent for the token events, read only if an event is emitted: Express's
 * `req.ip` runs the trust-proxy rules on every read, which most requests never need.
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

/** What a request authenticated to: an identity, `null` for no token under `passThrough`. */
export type RequestAuthResult<User> = Extract<VerifyResult<User>, { ok: true }> | null;

/** A refusal for the adapters to pass on: `{ error }`, so no exception is thrown for a bad token. */
export interface RequestAuthRefusal {
  error: PatgateError;
}

/** What {@link authenticateRequest} settles to: an identity, `null` (pass-through) or a refusal. */
export type RequestAuthOutcome<User> = RequestAuthResult<User> | RequestAuthRefusal;

/** The verifier's promise-free path where it has one (a `TokenVerifier`), else its `verify`. */
function verifyNow<User>(verifier: TokenVerifier<User>, token: string, context: VerifyContext): MaybePromise<VerifyResult<User>> {
  const fast = (verifier as Partial<Pick<TokenVerifier<User>, typeof VERIFY_NOW>>)[VERIFY_NOW];
  return typeof fast === 'function' ? fast.call(verifier, token, context) : verifier.verify(token, context);
}

/**
 * The one check behind both adapters: extract, verify, and turn failures into RFC 6750 errors with the
 * configured realm. On success and on pass-through it records the realm on the request for the guards
 * ({@link requestRealm}). Answers synchronously when the verifier does; a refusal is a returned
 * `{ error }`; only a store failure (or a synchronous throw of one) is an exception.
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
  let token: string | undefined;
  try {
    token = extractToken(source, options);
  } catch (error) {
    if (error instanceof PatgateError) return { error };
    throw error;
  }
  if (token === undefined) {
    if (!options.passThrough) return { error: new TokenRequiredError(options.realm) };
    recordRealm(source, options.realm);
    return null;
  }
  const result = verifyNow(verifier, token, new RequestContext(source));
  return result instanceof Promise ? result.then((settled) => outcome(source, settled, options)) : outcome(source, result, options);
}

function outcome<User>(source: TokenSource, result: VerifyResult<User>, options: ResolvedAuthenticateOptions): RequestAuthOutcome<User> {
  if (result.ok) {
    recordRealm(source, options.realm);
    return result;
  }
  const { error } = result;
  return { error: options.realm === DEFAULT_REALM ? error : new InvalidTokenError(error.reason, error.message, options.realm) };
}

/** Whether an outcome of {@link authenticateRequest} is a refusal. */
export function isRefusal<User>(outcome: RequestAuthOutcome<User>): outcome is RequestAuthRefusal {
  return outcome !== null && 'error' in outcome;
}
