import { InvalidArgumentError } from 'commander';
import { isTokenId, parseDuration } from '@patgate/middleware';
import { idSchema } from '../http/schemas.js';
import { EMAIL_PATTERN } from '../services/users.js';

/**
 * Commander argument parsers. Throwing `InvalidArgumentError` makes commander report the option by name
 * and the CLI exit with 2 (a usage error), before any database is opened.
 */

/**
 * Checks that an `--email` value looks like an address; the user service decides the rest.
 *
 * @example
 * new Option('--email <address>').argParser(parseEmail);
 */
export function parseEmail(value: string): string {
  const email = value.trim();
  if (!EMAIL_PATTERN.test(email)) {
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not an email address, e.g. you@example.com.`);
  }
  return email;
}

/**
 * Splits `--scopes a,b` (commas or spaces) into unique names. Whether each scope exists is the issuer's
 * call, so the CLI and the server accept exactly the same ones.
 *
 * @example
 * parseScopeList('streams:read, profile:read'); // ['streams:read', 'profile:read']
 */
export function parseScopeList(value: string): string[] {
  const scopes = [...new Set(value.split(/[\s,]+/).filter((scope) => scope !== ''))];
  if (scopes.length === 0) {
    throw new InvalidArgumentError('Give at least one scope, e.g. --scopes streams:read,profile:read.');
  }
  return scopes;
}

/**
 * Splits `--streams a,b` (commas or spaces) into unique stream ids, each a UUID as stream ids are. Whether the
 * user works on each is the token service's check.
 *
 * @example
 * parseStreamList('0b6f…, 7c1d…'); // ['0b6f…', '7c1d…']
 */
export function parseStreamList(value: string): string[] {
  const ids = [...new Set(value.split(/[\s,]+/).filter((id) => id !== ''))];
  const bad = ids.find((id) => !idSchema.safeParse(id).success);
  if (ids.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(`${bad === undefined ? 'Give at least one stream id' : `${JSON.stringify(bad)} is not a stream id`}, e.g. --streams 0b6f2c9e-….`);
  }
  return ids;
}

/**
 * Reads `--expires-in 30d` into milliseconds (units ms, s, m, h, d, w, y).
 *
 * @example
 * parseLifespan('90s'); // 90_000
 */
export function parseLifespan(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    throw new InvalidArgumentError(`Use a positive number and a unit, such as 90s, 12h, 30d or 1y.`);
  }
}

/**
 * Checks a token id: the 10 base62 characters shown by `token list`.
 *
 * @example
 * new Argument('<id>').argParser(parseTokenId);
 */
export function parseTokenId(value: string): string {
  const id = value.trim();
  if (!isTokenId(id)) {
    throw new InvalidArgumentError('A token id is the 10 letters and digits shown by `patgate token list`.');
  }
  return id;
}
