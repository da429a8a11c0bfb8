import { isLiveToken } from './token-state.js';
import type { StoredToken, TokenStore, VerifyContext } from './types.js';

function copy(token: StoredToken): StoredToken {
  return {
    ...token,
    scopes: [...token.scopes],
    resourceIds: token.resourceIds ? [...token.resourceIds] : null,
    createdAt: new Date(token.createdAt),
    expiresAt: token.expiresAt && new Date(token.expiresAt),
    lastUsedAt: token.lastUsedAt && new Date(token.lastUsedAt),
    revokedAt: token.revokedAt && new Date(token.revokedAt),
    ...(token.rotatedAt !== undefined && { rotatedAt: token.rotatedAt && new Date(token.rotatedAt) }),
  };
}

/**
 * A `TokenStore` in process memory: for tests, demos and single-process apps that can lose their tokens
 * on restart. Records are copied in and out, so callers cannot change what the store holds.
 *
 * @example
 * const store = new MemoryTokenStore();
 * const issuer = new TokenIssuer({ store, pepper, scopes: ['read'] });
 */
export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>();
  // The same records, grouped by owner: listing one owner's tokens (which the issuer does on every create,
  // to count them) must not walk every token in the store.
  private readonly byOwner = new Map<string, Map<string, StoredToken>>();

  insert(token: StoredToken): void {
    if (this.tokens.has(token.id)) throw new Error(`MemoryTokenStore: a token with id ${token.id} already exists`);
    const record = copy(token);
    this.tokens.set(record.id, record);
    let owned = this.byOwner.get(record.ownerId);
    if (!owned) this.byOwner.set(record.ownerId, (owned = new Map()));
    owned.set(record.id, record);
  }

  /** Counts and inserts in one synchronous step, which no other call can interleave with. */
  insertWithinLimit(token: StoredToken, { maxLive, now }: { maxLive: number; now: Date }): boolean {
    let live = 0;
    for (const held of this.byOwner.get(token.ownerId)?.values() ?? []) if (isLiveToken(held, now)) live++;
    if (live >= maxLive) return false;
    this.insert(token);
    return true;
  }

  findById(id: string): StoredToken | null {
    const token = this.tokens.get(id);
    return token ? copy(token) : null;
  }

  listByOwner(ownerId: string): StoredToken[] {
    const owned = this.byOwner.get(ownerId);
    if (!owned) return [];
    return [...owned.values()]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map(copy);
  }

  revoke(id: string, at: Date): boolean {
    const token = this.tokens.get(id);
    if (!token || token.revokedAt) return false;
    token.revokedAt = new Date(at);
    return true;
  }

  touch(id: string, at: Date, use: VerifyContext = {}): void {
    const token = this.tokens.get(id);
    if (!token) return;
    token.lastUsedAt = new Date(at);
    token.lastUsedIp = use.ip ?? null;
    token.lastUsedUserAgent = use.userAgent ?? null;
  }

  retire(id: string, at: Date, expiresAt: Date | null): boolean {
    const token = this.tokens.get(id);
    if (!token || token.revokedAt || token.rotatedAt) return false;
    token.rotatedAt = new Date(at);
    token.expiresAt = expiresAt && new Date(expiresAt);
    return true;
  }

  /** Every record held, copied: for inspection in tests. */
  records(): StoredToken[] {
    return [...this.tokens.values()].map(copy);
  }
}
