import { createHmac, timingSafeEqual } from 'node:crypto';

/** The shortest pepper accepted, in bytes. */
export const MIN_PEPPER_BYTES = 32;

/**
 * Checks the pepper once, at construction, and returns it as bytes. The message names the option and
 * how to make a good one.
 *
 * @example
 * const key = normalizePepper(process.env.PATGATE_SECRET);
 */
export function normalizePepper(pepper: unknown): Buffer {
  const bytes =
    typeof pepper === 'string' ? Buffer.from(pepper, 'utf8') : pepper instanceof Uint8Array ? Buffer.from(pepper) : null;
  if (!bytes || bytes.length < MIN_PEPPER_BYTES) {
    throw new TypeError(
      `patgate: option \`pepper\` must be a string or bytes of at least ${MIN_PEPPER_BYTES} bytes; ` +
        `generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
    );
  }
  return bytes;
}

/**
 * HMAC-SHA-256 of the secret under the pepper, as lower-case hex. A keyed fast hash is right here: the
 * secret carries 190 random bits, so there is nothing for a slow hash to protect against, and it keeps
 * the request path fast.
 *
 * @example
 * const secretHash = hashSecret(secret, pepperBytes);
 */
export function hashSecret(secret: string, pepper: Buffer): string {
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}

/**
 * Compares two hex digests in constant time (for equal lengths; the length itself is public).
 *
 * @example
 * if (!hashesEqual(hashSecret(secret, pepper), stored.secretHash)) throw new InvalidTokenError('secret');
 */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
