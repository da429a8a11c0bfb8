import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/** scrypt cost parameters; stored inside every hash, so they can be raised later without breaking old ones. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/**
 * OWASP's "N=2^15, r=8, p=3" scrypt setting: 32 MiB of memory per hash (memory-hard, so GPUs gain little)
 * with the work of their N=2^17, r=8, p=1 baseline, at a quarter of its memory per concurrent login.
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default 32 MiB ceiling is exactly our default, so give headroom.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Refuses parameters a tampered row could use to make one login eat the server's memory or CPU. */
function plausible({ N, r, p }: ScryptParams): boolean {
  const isPowerOfTwo = Number.isInteger(Math.log2(N));
  return isPowerOfTwo && N >= 2 ** 10 && N <= 2 ** 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

/**
 * Hashes a password with scrypt and a random 16-byte salt into `scrypt$N$r$p$salt$hash` (salt and hash in
 * base64url). Runs on libuv's thread pool, so it does not block the event loop.
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple');
 * // 'scrypt$32768$8$3$q1w2…$Zx9…'
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether `password` matches a hash made by {@link hashPassword}, compared in constant time. A malformed or
 * implausible hash never matches (and never throws).
 *
 * @example
 * await passwordMatches('correct horse battery staple', stored); // true
 */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const params = { N, r, p };
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (!plausible(params) || salt.length === 0 || expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, params);
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, made once: checking against it costs what a real check costs, so a login
 * for an unknown email takes as long as one for a known email.
 *
 * @example
 * const stored = row?.passwordHash ?? (await dummyPasswordHash());
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
