import { randomBytes } from 'node:crypto';
import type { StoredToken } from '../types.js';

/** The fixed instant every sample token is created at. */
export const BASE = Date.UTC(2026, 0, 1, 12, 0, 0, 123);

/** A random 10-character token id. */
export function id(): string {
  return randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);
}

/** A live token record of `ownerId`, with `overrides`. */
export function sample(ownerId: string, overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    id: id(),
    ownerId,
    name: 'contract token',
    scopes: ['streams:read', 'profile:read'],
    secretHash: randomBytes(32).toString('hex'),
    lastChars: 'a1B2c3',
    createdAt: new Date(BASE),
    expiresAt: new Date(BASE + 86_400_000),
    lastUsedAt: null,
    lastUsedIp: null,
    lastUsedUserAgent: null,
    revokedAt: null,
    resourceIds: null,
    lineageId: `L${id()}`,
    rotatedAt: null,
    ...overrides,
  };
}
