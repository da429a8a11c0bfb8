import { createHmac, hash, timingSafeEqual } from 'node:crypto';

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

const BLOCK_BYTES = 64; // SHA-256's block
const DIGEST_BYTES = 32;
/** Secrets up to this many bytes take the keyed path; longer ones (never a patgate token's) use createHmac. */
const MAX_SECRET_BYTES = 192;

// Under load every call from JavaScript into Node's C++ side counted (the HMAC check was ~8% of a request
// served by authenticate(), its two SHA-256 included): the byte copies below are plain loops instead of
// Buffer.write, which is such a call each time. The hashing and the comparison stay Node's.

/** Copies a `latin1` digest string (one character per byte) into `into` at `offset`. */
function writeLatin1(digest: string, into: Buffer, offset: number): void {
  for (let i = 0; i < DIGEST_BYTES; i++) into[offset + i] = digest.charCodeAt(i);
}

/** Each character code's hex value, or -1. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = HEX['0123456789ABCDEF'.charCodeAt(i)] = i;

/** Decodes a 64-character hex digest into `into`; false (and `into` left partly written) for anything else. */
function decodeHex(text: string, into: Buffer): boolean {
  if (text.length !== 2 * DIGEST_BYTES) return false;
  for (let i = 0; i < DIGEST_BYTES; i++) {
    const high = text.charCodeAt(2 * i);
    const low = text.charCodeAt(2 * i + 1);
    const value = high < 128 && low < 128 ? (HEX[high]! << 4) | HEX[low]! : -1;
    if (value < 0) return false;
    into[i] = value;
  }
  return true;
}

/**
 * The verifier's HMAC-SHA-256, keyed once: the pepper's inner and outer pads (RFC 2104) are computed at
 * construction, so each check is two one-shot SHA-256 calls (`crypto.hash`) over preallocated buffers
 * instead of a new `crypto.createHmac` that re-derives the key every time. The result is the same bytes
 * as {@link hashSecret} (a test compares them over many inputs), and the comparison is constant-time.
 *
 * The digests come back as `binary` (latin1) strings, one character per byte, and are written into the reused
 * buffers: Node 20's `crypto.hash` takes about twice as long to hand back a `Buffer` as a string.
 *
 * @example
 * const hasher = new SecretHasher(normalizePepper(pepper));
 * hasher.matches(secret, record.secretHash); // true or false
 */
export class SecretHasher {
  // [ key XOR ipad | secret ] and [ key XOR opad | inner digest ], reused by every call, plus the computed
  // and the stored digest for the comparison. JavaScript runs one call at a time, and each call overwrites
  // (then clears) its secret before anything else can run.
  private readonly inner = Buffer.alloc(BLOCK_BYTES + MAX_SECRET_BYTES);
  private readonly outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES);
  private readonly computed = Buffer.alloc(DIGEST_BYTES);
  private readonly stored = Buffer.alloc(DIGEST_BYTES);
  /** Views of `inner` by secret length, made once each: a patgate secret always has the same length. */
  private readonly innerViews: Buffer[] = [];

  constructor(private readonly pepper: Buffer) {
    // RFC 2104: a key longer than the block is hashed first, a shorter one padded with zeros.
    const key = pepper.length > BLOCK_BYTES ? hash('sha256', pepper, 'buffer') : pepper;
    for (let i = 0; i < BLOCK_BYTES; i++) {
      const byte = key[i] ?? 0;
      this.inner[i] = byte ^ 0x36;
      this.outer[i] = byte ^ 0x5c;
    }
  }

  /** The raw 32-byte HMAC-SHA-256 of `secret` (UTF-8). */
  digest(secret: string): Buffer {
    return Buffer.from(this.latin1Digest(secret), 'latin1');
  }

  /** Whether `secret` hashes to the stored hex digest, compared in constant time. */
  matches(secret: string, storedHex: string): boolean {
    writeLatin1(this.latin1Digest(secret), this.computed, 0);
    // A malformed stored value never matches; nothing is allocated either way.
    return decodeHex(storedHex, this.stored) && timingSafeEqual(this.computed, this.stored);
  }

  /** The HMAC as a 32-character `latin1` string. */
  private latin1Digest(secret: string): string {
    // At most 3 bytes per UTF-16 unit, so a secret this short always fits the buffer.
    if (secret.length * 3 > MAX_SECRET_BYTES) return createHmac('sha256', this.pepper).update(secret, 'utf8').digest('binary');
    const length = this.writeSecret(secret);
    const innerDigest = hash('sha256', this.innerView(length), 'binary');
    for (let i = BLOCK_BYTES; i < BLOCK_BYTES + length; i++) this.inner[i] = 0;
    writeLatin1(innerDigest, this.outer, BLOCK_BYTES);
    return hash('sha256', this.outer, 'binary');
  }

  /** Puts the secret's UTF-8 after the inner pad; returns its length in bytes. */
  private writeSecret(secret: string): number {
    // ASCII (every patgate secret is base62) byte by byte: no call into Node for 32 bytes.
    for (let i = 0; i < secret.length; i++) {
      const code = secret.charCodeAt(i);
      if (code >= 0x80) return this.inner.write(secret, BLOCK_BYTES, 'utf8');
      this.inner[BLOCK_BYTES + i] = code;
    }
    return secret.length;
  }

  private innerView(secretBytes: number): Buffer {
    return (this.innerViews[secretBytes] ??= this.inner.subarray(0, BLOCK_BYTES + secretBytes));
  }
}
