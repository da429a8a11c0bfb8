/**
 * Shortcuts for the leak-response tests: tokens in every state, forged values that look right, and the
 * state of every token afterwards.
 */
import { generateToken } from '@patgate/middleware';
import { crc32 } from 'node:zlib';
import type { ApiHarness } from '../http/helpers.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The token id: the 10 characters after `pat_`. */
export const idOf = (token: string): string => token.slice(4, 14);

/** The format's checksum (CRC32 in 6 base62 characters), so a forged value passes the shape check. */
function withChecksum(head: string): string {
  let rest = crc32(head) >>> 0;
  let sum = '';
  for (let i = 0; i < 6; i++) {
    sum = BASE62[rest % 62] + sum;
    rest = Math.floor(rest / 62);
  }
  return head + sum;
}

/**
 * A well-formed value with a valid checksum naming `tokenId` (a real token's, or a random one) with a
 * secret that is not that token's: it proves nothing, so it must revoke nothing.
 */
export function forgedValue(tokenId: string = generateToken().id, prefix = 'pat'): string {
  return withChecksum(`${prefix}_${tokenId}${generateToken().secret}`);
}

/** Whether each token (by id) is revoked now, read from the database. */
export async function revokedState(api: ApiHarness): Promise<Record<string, boolean>> {
  const rows = await api.db.models.ApiToken.findAll();
  return Object.fromEntries(rows.map((row) => [row.id, row.revokedAt !== null]));
}
