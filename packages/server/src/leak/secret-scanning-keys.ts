import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';

/**
 * GitHub's list of secret-scanning public keys, as `GET https://api.github.com/meta/public_keys/secret_scanning`
 * returns it. Unknown fields are allowed, so the file can be saved from that response as it is.
 */
const keyFileSchema = z.object({
  public_keys: z
    .array(
      z.looseObject({
        key_identifier: z.string().min(1).max(512),
        key: z.string().min(1),
        is_current: z.boolean().optional(),
      }),
    )
    .min(1, { error: 'must list at least one key' }),
});

/** The variable that names the file, for error messages. */
const VARIABLE = 'PATGATE_SECRET_SCANNING_KEYS';

/**
 * Reads and checks a key file: JSON shaped like GitHub's key list, every key a PEM ECDSA P-256 public key.
 * Throws an error naming the variable, the file and the problem (never a key's value).
 *
 * @example
 * const keys = readSecretScanningKeys('/etc/patgate/github-keys.json'); // Map key_identifier -> KeyObject
 */
export function readSecretScanningKeys(file: string): Map<string, KeyObject> {
  const fail = (problem: string): never => {
    throw new Error(`${VARIABLE} (${file}) ${problem}. Save GitHub's key list there (see docs/leak-response.md), or unset ${VARIABLE}.`);
  };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('is not valid JSON');
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`is not a GitHub key list: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? ''}`.trimEnd());
  }
  const keys = new Map<string, KeyObject>();
  for (const entry of parsed.data!.public_keys) {
    let key: KeyObject | undefined;
    try {
      key = createPublicKey(entry.key);
    } catch {
      key = undefined;
    }
    if (key?.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      fail(`holds key ${JSON.stringify(entry.key_identifier)}, which is not a PEM ECDSA P-256 public key`);
    }
    keys.set(entry.key_identifier, key!);
  }
  return keys;
}

/**
 * The keys GitHub signs secret-scanning reports with, read from a file at start-up and re-read on
 * {@link SecretScanningKeys.reload} (SIGHUP, or a change of the file when watched). They are never fetched
 * at run time: the server makes no outbound calls, and whoever controls the file controls the keys. A
 * reload that fails keeps the keys that were loaded before.
 *
 * @example
 * const keys = new SecretScanningKeys('/etc/patgate/github-keys.json');
 * keys.verify(keyId, signature, rawBody); // true only for a valid signature by a listed key
 */
export class SecretScanningKeys {
  private keys: Map<string, KeyObject>;

  /** Reads the file; throws (naming `PATGATE_SECRET_SCANNING_KEYS`) when it is missing or malformed. */
  constructor(readonly file: string) {
    this.keys = readSecretScanningKeys(file);
  }

  /** Re-reads the file. On failure, throws and keeps the keys loaded before. */
  reload(): void {
    this.keys = readSecretScanningKeys(this.file);
  }

  /** The identifiers of the loaded keys, for logs. */
  identifiers(): string[] {
    return [...this.keys.keys()];
  }

  /**
   * Whether `signature` (base64 of a DER ECDSA signature) is a valid SHA-256 signature of exactly these
   * bytes by the key with this identifier. Unknown identifiers and malformed signatures are `false`.
   */
  verify(keyIdentifier: string | undefined, signature: string | undefined, body: Buffer): boolean {
    if (!keyIdentifier || !signature) return false;
    const key = this.keys.get(keyIdentifier);
    if (!key) return false;
    try {
      return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }

  /**
   * Re-reads the file whenever it changes (its size, modification time or inode, checked every
   * `intervalMs`), so a file replaced by a rename or an editor is seen too. `onReload` hears of each reload
   * and its error, if any. Polling by hand rather than `fs.watchFile`: its first look is asynchronous, so a
   * change made right after watching began could become its baseline and never be reported. Returns the
   * function that stops watching.
   *
   * @example
   * const stop = keys.watch((err) => (err ? logger.error({ err }, 'keys kept') : logger.info('keys reloaded')));
   */
  watch(onReload: (error?: unknown) => void, intervalMs = 5000): () => void {
    const fingerprint = (stats: { mtimeMs: number; size: number; ino: number }) => `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
    let seen = fingerprint(statSync(this.file));
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      stat(this.file)
        .then((stats) => {
          const now = fingerprint(stats);
          if (now === seen) return;
          seen = now;
          try {
            this.reload();
            onReload();
          } catch (error) {
            onReload(error);
          }
        })
        // A file that is briefly missing (mid-replace) is looked at again on the next tick.
        .catch(() => undefined)
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
