/**
 * Errors that carry their HTTP meaning (RFC 6750 section 3). Middleware passes them to `next(err)`; their
 * `status` and `headers` make Express's default handler answer correctly, and a JSON handler can send
 * `{ error: { code, message } }` from `code` and `message`.
 */

/** The realm used when none is configured. */
export const DEFAULT_REALM = 'patgate';

/** Escapes a value for a quoted-string in `WWW-Authenticate` (RFC 7230 section 3.2.6). */
function quote(value: string): string {
  // Control characters cannot appear in a header at all; quotes and backslashes are escaped.
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/[\x00-\x1f\x7f]/g, ' ').replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Builds a `Bearer` challenge.
 *
 * @example
 * challenge('patgate', { error: 'invalid_token', error_description: 'The token is invalid' });
 * // 'Bearer realm="patgate", error="invalid_token", error_description="The token is invalid"'
 */
export function challenge(realm: string, params: Record<string, string | undefined> = {}): string {
  const parts = [`realm=${quote(realm)}`];
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) parts.push(`${key}=${quote(value)}`);
  }
  return `Bearer ${parts.join(', ')}`;
}

// The challenges refusals send, by realm, error and description: a handful of fixed texts in any app, so
// each is built (quoted and escaped) once rather than on every refusal. Nested maps, so a lookup joins no
// strings. Bounded in case an app passes messages of its own making.
const challenges = new Map<string, Map<string | undefined, Map<string | undefined, string>>>();
let challengeCount = 0;

function cachedChallenge(realm: string, error?: string, description?: string): string {
  let byError = challenges.get(realm);
  let byDescription = byError?.get(error);
  let value = byDescription?.get(description);
  if (value === undefined) {
    if (challengeCount >= 1000) {
      challenges.clear();
      challengeCount = 0;
      byError = byDescription = undefined;
    }
    value = challenge(realm, { error, error_description: description });
    if (!byError) challenges.set(realm, (byError = new Map()));
    if (!byDescription) byError.set(error, (byDescription = new Map()));
    byDescription.set(description, value);
    challengeCount++;
  }
  return value;
}

// Errors are recognised by a brand registered with Symbol.for, not by class identity alone, so that an
// error made by the CommonJS build is still a PatgateError (and an InvalidTokenError) to the ESM build's
// handler and guards when both copies are loaded in one process. The brand holds the class names of the
// error's chain, so `instanceof` on a subclass works across copies too.
const BRAND = Symbol.for('patgate.error');

function brandOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kinds = (value as { [BRAND]?: unknown })[BRAND];
  return Array.isArray(kinds) ? (kinds as string[]) : undefined;
}

/**
 * Whether `value` is an error patgate raised, from this copy of the package or another (ESM and CommonJS
 * builds loaded side by side). `instanceof PatgateError` gives the same answer.
 *
 * @example
 * if (isPatgateError(err)) res.status(err.status).set(err.headers).json(err.toJSON());
 */
export function isPatgateError(value: unknown): value is PatgateError {
  return brandOf(value) !== undefined;
}

/**
 * Base of every error patgate raises on purpose. `expose` tells error handlers the message is safe to send.
 * `instanceof` recognises errors from another copy of the package (see {@link isPatgateError}).
 *
 * These errors are answers to a client, not faults in the program, so they carry no stack trace: their
 * `stack` is just `Name: message`. Capturing the frames would cost more than the rest of a refusal, and a
 * flood of bad tokens must cost no more than a bare route.
 *
 * @example
 * app.use((err, req, res, next) => {
 *   if (err instanceof PatgateError) return res.status(err.status).set(err.headers).json(err.toJSON());
 *   next(err);
 * });
 */
export class PatgateError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  readonly expose = true;

  constructor(message: string, status: number, code: string, headers: Record<string, string> = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = this.constructor.name;
    this.status = status;
    this.code = code;
    this.headers = headers;
    // The brand lives on the class's prototype, made the first time the class is used: nothing to build or
    // define per error, and instances still carry it (through their prototype) to any copy's checks.
    const prototype = new.target.prototype as object;
    if (!Object.prototype.hasOwnProperty.call(prototype, BRAND)) {
      const kinds: string[] = [];
      for (let proto: unknown = new.target; typeof proto === 'function' && proto !== Error; proto = Object.getPrototypeOf(proto)) {
        kinds.push((proto as { name: string }).name);
      }
      Object.defineProperty(prototype, BRAND, { value: Object.freeze(kinds), enumerable: false });
    }
  }

  /** Recognises instances of this class made by any copy of the package, by brand. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return brandOf(value)?.includes(this.name) ?? false;
  }

  /** Alias of `status` for handlers written for http-errors. */
  get statusCode(): number {
    return this.status;
  }

  /** The JSON body patgate answers with. */
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/**
 * The request carried no token at all: 401 with a bare challenge and no error code (RFC 6750 section 3.1).
 *
 * @example
 * next(new TokenRequiredError());
 */
export class TokenRequiredError extends PatgateError {
  constructor(realm = DEFAULT_REALM, message = 'A bearer token is required') {
    super(message, 401, 'token_required', { 'WWW-Authenticate': cachedChallenge(realm) });
  }
}

/**
 * The request is malformed: a broken `Authorization` header, or a token in two places at once. 400.
 *
 * @example
 * next(new InvalidRequestError('The Authorization header is malformed'));
 */
export class InvalidRequestError extends PatgateError {
  constructor(message: string, realm = DEFAULT_REALM) {
    super(message, 400, 'invalid_request', { 'WWW-Authenticate': cachedChallenge(realm, 'invalid_request', message) });
  }
}

/** The one description given for every token failure before the secret is known to match. */
export const INVALID_TOKEN_MESSAGE = 'The access token is invalid';

/**
 * The token is unknown, malformed, wrong, revoked or expired. 401. The message says "revoked" or
 * "expired" only to a caller who held the real secret.
 *
 * @example
 * next(new InvalidTokenError());
 */
export class InvalidTokenError extends PatgateError {
  /** Why, for logs and metrics; not shown to the caller unless the secret matched. */
  readonly reason: InvalidTokenReason;

  constructor(reason: InvalidTokenReason = 'unknown', message = INVALID_TOKEN_MESSAGE, realm = DEFAULT_REALM) {
    super(message, 401, 'invalid_token', { 'WWW-Authenticate': cachedChallenge(realm, 'invalid_token', message) });
    this.reason = reason;
  }
}

/** Why a token was refused. */
export type InvalidTokenReason =
  | 'malformed'
  | 'checksum'
  | 'unknown'
  | 'secret'
  | 'revoked'
  | 'expired'
  | 'owner'
  /** The app's `validate` hook (or a Passport `verify` callback) refused a verified token. */
  | 'refused';

/**
 * The token is valid but lacks a scope the route needs. 403, naming the scopes in the challenge.
 *
 * @example
 * next(new InsufficientScopeError(['streams:write']));
 */
export class InsufficientScopeError extends PatgateError {
  readonly scopes: readonly string[];

  constructor(scopes: readonly string[], message?: string, realm = DEFAULT_REALM) {
    const text = message ?? `This action needs the scope${scopes.length > 1 ? 's' : ''} ${scopes.join(', ')}`;
    super(text, 403, 'insufficient_scope', {
      'WWW-Authenticate': challenge(realm, {
        error: 'insufficient_scope',
        error_description: text,
        scope: scopes.join(' '),
      }),
    });
    this.scopes = [...scopes];
  }
}

/**
 * Too many failed token authentications from this client: 429 `too_many_failures` with `Retry-After`,
 * answered before the token is looked up. Raised only when a `failureLimiter` is configured.
 *
 * @example
 * next(new TooManyFailuresError(30));
 */
export class TooManyFailuresError extends PatgateError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds = 60) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(`Too many failed authentications from this address; wait ${seconds} seconds`, 429, 'too_many_failures', {
      'Retry-After': String(seconds),
    });
    this.retryAfterSeconds = seconds;
  }
}

/** Why the issuer refused to create a token. */
export type TokenPolicyCode =
  | 'invalid_name'
  | 'invalid_owner'
  | 'unknown_scope'
  | 'no_scopes'
  | 'scope_not_held'
  | 'scope_not_grantable'
  | 'invalid_lifespan'
  | 'lifespan_too_long'
  | 'too_many_tokens'
  | 'invalid_resources'
  | 'invalid_grace'
  | 'not_found';

/**
 * The issuer refused a request: unknown or ungrantable scopes, a lifespan over the maximum, and so on.
 * 400 (404 for `not_found`), with a message that names the problem.
 *
 * @example
 * try { await issuer.create(input); } catch (err) { if (err instanceof TokenPolicyError) console.log(err.code); }
 */
export class TokenPolicyError extends PatgateError {
  constructor(code: TokenPolicyCode, message: string) {
    super(message, code === 'not_found' ? 404 : 400, code);
  }
}
