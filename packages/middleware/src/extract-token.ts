import { DEFAULT_REALM, InvalidRequestError } from './errors.js';

/**
 * The part of a request the extractor reads. Express's `Request` fits; so does any object with these
 * fields, which keeps this module free of Express.
 */
export interface TokenSource {
  headers: Record<string, string | string[] | undefined>;
  /**
   * Node's raw header list (`[name, value, name, value, …]`). Node keeps only the first of several
   * `Authorization` headers in `headers`; this list shows them all.
   */
  rawHeaders?: readonly string[];
  query?: unknown;
  body?: unknown;
  method?: string | undefined;
}

/** Where the token may come from and which realm errors name, as {@link extractToken} takes them. */
export interface ExtractTokenOptions {
  /** Accept `?access_token=`. Defaults to `false`. */
  allowQuery?: boolean | undefined;
  /** Accept `access_token` in a form body. Defaults to `false`. */
  allowBody?: boolean | undefined;
  /** Also read the raw token from this header (lower-case name, e.g. `'x-api-key'`). Defaults to none. */
  header?: string | undefined;
  /** The realm an `InvalidRequestError` names. Defaults to `'patgate'`. */
  realm?: string | undefined;
}

/** {@link ExtractTokenOptions} with every default filled in. */
export interface ExtractOptions {
  allowQuery: boolean;
  allowBody: boolean;
  header?: string | undefined;
  realm: string;
}

// RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235).
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME = /^bearer(?:\s|$)/i;
// The header as nearly every client writes it: one test, no match array, then a slice.
const PLAIN_BEARER = /^Bearer [A-Za-z0-9\-._~+/]+=*$/;
const PLAIN_PREFIX = 'Bearer '.length;

function single(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

function field(container: unknown, name: string): unknown {
  return container && typeof container === 'object' ? (container as Record<string, unknown>)[name] : undefined;
}

const AUTHORIZATION = 'authorization';

/** Node drops every `Authorization` header after the first; two of them make the credential ambiguous. */
function authorizationCount(source: TokenSource): number {
  const raw = source.rawHeaders;
  if (!Array.isArray(raw)) return 0;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    // The two spellings clients send first, then the length, so a name is lower-cased (a new string each)
    // only when it may be another spelling of Authorization.
    if (name === 'Authorization' || name === AUTHORIZATION) count++;
    else if (typeof name === 'string' && name.length === AUTHORIZATION.length && name.toLowerCase() === AUTHORIZATION) count++;
  }
  return count;
}

function isFormBody(source: TokenSource): boolean {
  const type = source.headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith('application/x-www-form-urlencoded') && source.method !== 'GET';
}

/**
 * Finds the bearer token in a request: Express's, `node:http`'s `IncomingMessage`, or anything with
 * `headers`. Returns `undefined` when there is none (other auth schemes count as none), throws
 * `InvalidRequestError` for a malformed `Bearer` header, a token in two places, or more than one
 * `Authorization` header.
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(async (req, res) => {
 *   const token = extractToken(req, { header: 'x-api-key' });
 *   const result = token === undefined ? undefined : await verifier.verify(token);
 * });
 */
export function extractToken(source: TokenSource, options: ExtractTokenOptions = {}): string | undefined {
  return extractWith(source, {
    allowQuery: options.allowQuery ?? false,
    allowBody: options.allowBody ?? false,
    header: options.header?.toLowerCase(),
    realm: options.realm ?? DEFAULT_REALM,
  });
}

/** {@link extractToken} with options already checked and defaulted. */
export function extractWith(source: TokenSource, options: ExtractOptions): string | undefined {
  // The common case (the Authorization header only) allocates nothing: the value found, and a count of the
  // places it was found in.
  let found: string | undefined;
  let places = 0;

  if (authorizationCount(source) > 1) {
    throw new InvalidRequestError('The Authorization header must appear once', options.realm);
  }
  const header = source.headers.authorization;
  if (typeof header === 'string' && PLAIN_BEARER.test(header)) {
    found = header.slice(PLAIN_PREFIX);
    places = 1;
  } else if (typeof header === 'string' && SCHEME.test(header)) {
    const match = BEARER.exec(header);
    if (!match) throw new InvalidRequestError('The Authorization header is malformed: expected "Bearer <token>"', options.realm);
    found = match[1]!;
    places = 1;
  }

  if (options.header !== undefined) {
    const value = source.headers[options.header];
    if (Array.isArray(value)) throw new InvalidRequestError(`The ${options.header} header must appear once`, options.realm);
    const trimmed = value?.trim();
    if (trimmed) {
      found = trimmed;
      places++;
    }
  }

  if (options.allowQuery) {
    const value = single(field(source.query, 'access_token'));
    if (value === null) throw new InvalidRequestError('The access_token query parameter must appear once', options.realm);
    if (value !== undefined) {
      found = value;
      places++;
    }
  }

  if (options.allowBody && isFormBody(source)) {
    const value = single(field(source.body, 'access_token'));
    if (value === null) throw new InvalidRequestError('The access_token body parameter must appear once', options.realm);
    if (value !== undefined) {
      found = value;
      places++;
    }
  }

  if (places > 1) {
    throw new InvalidRequestError('The token must be sent in exactly one place, not several', options.realm);
  }
  return found;
}
