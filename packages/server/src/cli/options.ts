import { InvalidArgumentError } from 'commander';
import { DURATION_UNITS, isTokenId, parseDuration } from '@patgate/middleware';
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
 * Checks a `--name` value: not empty or blank (a usage error, like any other malformed value); what else a
 * name may hold is the service's call.
 *
 * @example
 * new Option('--name <name>').argParser(parseName);
 */
export function parseName(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Give a name, e.g. --name "CI deploy".');
  return value;
}

/**
 * The lifespan units, as `--help` lists them.
 *
 * @example
 * `lifespan such as 30d (units: ${LIFESPAN_UNITS_HELP})`;
 */
export const LIFESPAN_UNITS_HELP = DURATION_UNITS;

/**
 * Reads `--expires-in 30d` into milliseconds (units {@link DURATION_UNITS}; `6M` is refused as ambiguous).
 *
 * @example
 * parseLifespan('90s'); // 90_000
 * parseLifespan('6mo'); // 15_552_000_000
 */
export function parseLifespan(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    const ambiguous = (error as Error).message.includes('ambiguous');
    throw new InvalidArgumentError(
      ambiguous
        ? `${JSON.stringify(value)} is ambiguous: write m for minutes or mo for months, e.g. ${value.replace(/M\s*$/, 'mo')}.`
        : `Use a positive number and a unit (${DURATION_UNITS}), such as 90s, 12h, 30d, 6mo or 1y.`,
    );
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
