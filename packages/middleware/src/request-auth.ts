import { DEFAULT_REALM, InvalidTokenError, TokenRequiredError } from './errors.js';
import { extractToken, type ExtractOptions, type TokenSource } from './extract-token.js';
import { checkKnownKeys } from './options.js';
import type { TokenLocationOptions, VerifyContext } from './types.js';
import type { TokenVerifier, VerifyResult } from './verifier.js';

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

// Where authenticateRequest leaves the realm for the guards that run later. A module-private symbol,
// non-enumerable, so it clashes with nothing and never shows up in JSON, spreads or logs.
const REALM = Symbol('patgate.realm');

function recordRealm(source: TokenSource, realm: string): void {
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

/** The address (Express's `req.ip`, which honours `trust proxy`) and user agent, for the verifier's events. */
function requestContext(source: TokenSource & { ip?: unknown }): VerifyContext {
  const userAgent = source.headers['user-agent'];
  return {
    ip: typeof source.ip === 'string' ? source.ip : undefined,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
  };
}

/** What a request authenticated to: an identity, `null` for no token under `passThrough`. */
export type RequestAuthResult<User> = Extract<VerifyResult<User>, { ok: true }> | null;

/**
 * The one check behind both adapters: extract, verify, and turn failures into RFC 6750 errors with the
 * configured realm. On success and on pass-through it records the realm on the request for the guards
 * ({@link requestRealm}). Throws `PatgateError`s; a store failure rejects with the store's error.
 *
 * @example
 * const result = await authenticateRequest(req, verifier, resolved);
 */
export async function authenticateRequest<User>(
  source: TokenSource,
  verifier: TokenVerifier<User>,
  options: ResolvedAuthenticateOptions,
): Promise<RequestAuthResult<User>> {
  const token = extractToken(source, options);
  if (token === undefined) {
    if (!options.passThrough) throw new TokenRequiredError(options.realm);
    recordRealm(source, options.realm);
    return null;
  }
  const result = await verifier.verify(token, requestContext(source));
  if (result.ok) {
    recordRealm(source, options.realm);
    return result;
  }
  const { error } = result;
  throw options.realm === DEFAULT_REALM ? error : new InvalidTokenError(error.reason, error.message, options.realm);
}
