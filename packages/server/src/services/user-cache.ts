import type { UserRecord } from './users.js';

/**
 * The users that tokens resolve to, kept beside the token records for the same time-to-live, so a request
 * with a cached token makes no database query at all. A user who changes or is deleted is dropped with
 * {@link UserCache.invalidate}, on every instance through the cluster link (`publish('user', id)`), just
 * as a revoked token is. Records are frozen: every request shares one, and none may change it.
 *
 * Concurrent misses for one user share one query. An invalidation that arrives while that query runs
 * drops it, so a read started before the change is never kept afterwards.
 *
 * @example
 * const users = new UserCache((id) => getUserById(models, id), () => 2000);
 * await users.get(userId); // one query, then none for 2 s
 * users.invalidate(userId); // the next get queries again
 */
export class UserCache {
  private readonly entries = new Map<string, { user: Promise<UserRecord | null>; expires: number }>();

  constructor(
    private readonly load: (id: string) => Promise<UserRecord | null>,
    /** Read on every miss, so it may follow the cluster link's state. `0` turns the cache off. */
    private readonly ttlMs: () => number,
    private readonly now: () => Date = () => new Date(),
    private readonly maxEntries = 10_000,
  ) {}

  get(id: string): Promise<UserRecord | null> {
    const now = this.now().getTime();
    const entry = this.entries.get(id);
    if (entry && entry.expires > now) return entry.user;
    if (entry) this.entries.delete(id);
    const ttl = this.ttlMs();
    if (ttl <= 0 || this.maxEntries <= 0) return this.load(id);

    const user = this.load(id).then((found) => (found ? Object.freeze(found) : found));
    const fresh = { user, expires: now + ttl };
    // Insertion order is eviction order: entries are short-lived and re-inserted when they expire.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, fresh);
    // Neither a missing user nor a failed query is kept: the next request asks the database again.
    const forget = () => {
      if (this.entries.get(id) === fresh) this.entries.delete(id);
    };
    user.then((found) => found ?? forget(), forget);
    return user;
  }

  /** Drops one user, who changed or was deleted; the next request reads them afresh. */
  invalidate(id: string): void {
    this.entries.delete(id);
  }

  /** Drops every user (the cluster link went down, so invalidations sent meanwhile may be lost). */
  clear(): void {
    this.entries.clear();
  }
}
