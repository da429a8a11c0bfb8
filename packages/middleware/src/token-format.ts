import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Length of the lookup id, in base62 characters. */
export const ID_LENGTH = 10;
/** Length of the secret: 32 base62 characters carry 190 bits. */
export const SECRET_LENGTH = 32;
/** Length of the CRC32 checksum in base62 (62^6 > 2^32). */
export const CHECKSUM_LENGTH = 6;
/** Characters shown to the owner to tell tokens apart. */
export const LAST_CHARS_LENGTH = 6;
/** The default token prefix. */
export const DEFAULT_PREFIX = 'pat';

const PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;
const BODY_LENGTH = ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

/**
 * Uniform random base62 text. Bytes of 248 and above are dropped so every character is equally likely
 * (248 = 4 * 62).
 */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/** CRC32 of everything before the checksum, as 6 base62 characters. */
function checksumOf(text: string): string {
  return base62(crc32(text) >>> 0, CHECKSUM_LENGTH);
}

/**
 * Throws unless `prefix` is a valid token prefix; the message names the option and the fix.
 *
 * @example
 * assertPrefix('acme'); // ok
 */
export function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new TypeError(
      `patgate: option \`prefix\` must be 2 to 16 lower-case letters or digits starting with a letter (such as 'pat'); received ${JSON.stringify(prefix)}`,
    );
  }
}

/** The parts of a well-formed token. */
export interface ParsedToken {
  id: string;
  secret: string;
}

/** A freshly generated token: the string to hand out once, and its parts. */
export interface GeneratedToken extends ParsedToken {
  token: string;
  lastChars: string;
}

/**
 * Generates a token `<prefix>_<id><secret><checksum>` from `crypto.randomBytes`.
 *
 * @example
 * const { token, id, secret } = generateToken('pat');
 * // token: 'pat_3Fq9ZkP1aB…' (4 + 48 characters)
 */
export function generateToken(prefix: string = DEFAULT_PREFIX): GeneratedToken {
  const id = randomBase62(ID_LENGTH);
  const secret = randomBase62(SECRET_LENGTH);
  const token = assembleToken(prefix, id, secret);
  return { token, id, secret, lastChars: token.slice(-LAST_CHARS_LENGTH) };
}

/**
 * Puts a token together from its parts, appending the checksum.
 *
 * @example
 * assembleToken('pat', id, secret); // 'pat_<id><secret><checksum>'
 */
export function assembleToken(prefix: string, id: string, secret: string): string {
  const head = `${prefix}_${id}${secret}`;
  return head + checksumOf(head);
}

/**
 * Splits a token into id and secret if its shape and checksum are right, else `null`. Needs no store: a
 * typo or a random string is refused here.
 *
 * @example
 * parseToken(token, 'pat'); // { id, secret } or null
 */
export function parseToken(token: string, prefix: string = DEFAULT_PREFIX): ParsedToken | null {
  return checkToken(token, prefix).parsed;
}

const UNDERSCORE = 0x5f;
// Refusals are the same every time, so they are made once (frozen: every caller shares them).
const MALFORMED = Object.freeze({ parsed: null, problem: 'malformed' } as const);
const BAD_CHECKSUM = Object.freeze({ parsed: null, problem: 'checksum' } as const);
/** Each character code's base62 digit, or -1: the token is checked in place, without a slice or a regex. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Whether every character of `text` from `start` on is base62. */
function isBase62From(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || DIGIT[code]! < 0) return false;
  }
  return true;
}

/** The number the base62 characters of `text` from `start` on spell (the checksum, read back). */
function base62Value(text: string, start: number): number {
  let value = 0;
  for (let i = start; i < text.length; i++) value = value * 62 + DIGIT[text.charCodeAt(i)]!;
  return value;
}

/**
 * Like {@link parseToken}, but says whether the shape or the checksum was wrong.
 *
 * @example
 * const { parsed, problem } = checkToken(token, 'pat'); // problem: 'malformed' | 'checksum' | undefined
 */
export function checkToken(
  token: string,
  prefix: string = DEFAULT_PREFIX,
): { parsed: ParsedToken; problem?: undefined } | { parsed: null; problem: 'malformed' | 'checksum' } {
  const start = prefix.length + 1;
  if (token.length !== start + BODY_LENGTH || token.charCodeAt(prefix.length) !== UNDERSCORE || !token.startsWith(prefix)) {
    return MALFORMED;
  }
  if (!isBase62From(token, start)) return MALFORMED;
  // Compared as numbers: six base62 digits spell each value below 62^6 exactly one way, so this is the
  // same test as comparing the checksum's text, without building that text.
  const end = token.length - CHECKSUM_LENGTH;
  if (crc32(token.slice(0, end)) >>> 0 !== base62Value(token, end)) return BAD_CHECKSUM;
  return { parsed: { id: token.slice(start, start + ID_LENGTH), secret: token.slice(start + ID_LENGTH, end) } };
}
