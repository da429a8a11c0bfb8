import { SecretHasher } from './secret-hash.js';
import { checkToken, ID_LENGTH, SECRET_LENGTH } from './token-format.js';
import type { TokenBase } from './options.js';
import type { StoredToken } from './types.js';

// Stand-ins for a value that does not parse: the same store lookup, HMAC and comparison still run, so the
// time taken says little about which values were well-formed or real.
const STAND_IN_ID = '0'.repeat(ID_LENGTH);
const STAND_IN_SECRET = '0'.repeat(SECRET_LENGTH);
const STAND_IN_HASH = '0'.repeat(64);

/**
 * The stored record of the token whose full value this is, or `null` when the value is not one of ours:
 * another prefix, a bad shape or checksum, an unknown id, or a secret that does not match the stored hash
 * (a forged value naming a real id is not that token). Every value costs one store lookup, one HMAC and
 * one constant-time comparison, whichever of these it turns out to be. Revoked and expired tokens are
 * returned: the caller decides what a dead token means.
 *
 * @example
 * const record = await findTokenByValue(value, { store, pepper, prefix: 'pat' });
 * if (record && !record.revokedAt) await store.revoke(record.id, new Date());
 */
export async function findTokenByValue(value: unknown, { store, pepper, prefix }: TokenBase): Promise<StoredToken | null> {
  const parsed = typeof value === 'string' ? checkToken(value, prefix).parsed : null;
  const record = await store.findById(parsed?.id ?? STAND_IN_ID);
  const matches = new SecretHasher(pepper).matches(parsed?.secret ?? STAND_IN_SECRET, record?.secretHash ?? STAND_IN_HASH);
  return parsed && record && matches ? record : null;
}
