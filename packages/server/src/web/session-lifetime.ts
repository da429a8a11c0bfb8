import session from 'express-session';
import type { SessionData, Store } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** When the password matched, in epoch milliseconds (the server's clock). Set once, at sign-in. */
    signedInAt: number;
    /** The last request that used the session, in epoch milliseconds, recorded at most once a minute. */
    lastSeenAt: number;
  }
}

/** A signed-in session ends this long after sign-in, however active it is: 7 days. */
export const DEFAULT_SESSION_MAX_AGE_MS = 7 * 86_400_000;
/** A signed-in session ends after this long without a request: 24 hours. */
export const DEFAULT_SESSION_IDLE_MS = 86_400_000;
/**
 * How stale `lastSeenAt` may get before a request writes it again. Without it every page view and every
 * API call of the profile page would write the session row; the idle limit is then exact to a minute.
 */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** The two lifetimes of a signed-in session, and the clock they are measured by. */
export interface SessionLifetime {
  /** Milliseconds from sign-in after which the session is refused (`PATGATE_SESSION_MAX_AGE`). */
  maxAgeMs: number;
  /** Milliseconds without a request after which the session is refused (`PATGATE_SESSION_IDLE`). */
  idleMs: number;
  now: () => Date;
}

type Callback = (err?: unknown) => void;

/**
 * An express-session store that enforces a signed-in session's absolute and idle lifetime every time a
 * session is loaded, not only when the expiry sweep runs: a row past either is destroyed and the request
 * is anonymous. express-session pushes a cookie's expiry forward on every request, and the row's own
 * `expires` with it, so neither can be trusted for "a week from sign-in"; the times kept in the session
 * data (`signedInAt`, `lastSeenAt`) are. A signed-in row without `signedInAt` (written before this check
 * existed) is refused too: its age is unknown. The row's `expires`, which the sweep deletes by, is set to
 * the moment the session dies, so stale rows also go without a visit.
 *
 * @example
 * const store = new SessionLifetimeStore(new HashedSidStore(rows, key), { maxAgeMs: 7 * 86_400_000, idleMs: 86_400_000, now: () => new Date() });
 */
export class SessionLifetimeStore extends session.Store {
  readonly #inner: Store;
  readonly #lifetime: SessionLifetime;

  constructor(inner: Store, lifetime: SessionLifetime) {
    super();
    this.#inner = inner;
    this.#lifetime = lifetime;
  }

  /** When this session ends, in epoch milliseconds: the earlier of its absolute and its idle deadline. */
  deadline(data: Pick<SessionData, 'signedInAt' | 'lastSeenAt'>): number {
    const signedIn = data.signedInAt ?? 0;
    return Math.min(signedIn + this.#lifetime.maxAgeMs, (data.lastSeenAt ?? signedIn) + this.#lifetime.idleMs);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.#inner.get(sid, (err, data) => {
      if (err || !data) return callback(err, data);
      if (!data.userId || this.deadline(data) > this.#now()) return callback(null, data);
      this.#inner.destroy(sid, (destroyError) => callback(destroyError ?? null, null));
    });
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    this.#inner.set(sid, this.#stamped(data), callback);
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    // A request on an unchanged session: record it, at most once per resolution, as a full write (the
    // inner store's touch only moves `expires`, and lastSeenAt lives in the data).
    if (data.userId && this.#now() - (data.lastSeenAt ?? 0) >= LAST_SEEN_RESOLUTION_MS) {
      this.#inner.set(sid, this.#stamped(data), () => callback?.());
      return;
    }
    callback?.();
  }

  override destroy(sid: string, callback?: Callback): void {
    this.#inner.destroy(sid, callback);
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    if (this.#inner.length) this.#inner.length(callback);
    else callback(new Error('SessionLifetimeStore: the inner store cannot count its sessions'));
  }

  override clear(callback?: Callback): void {
    if (this.#inner.clear) this.#inner.clear(callback);
    else callback?.(new Error('SessionLifetimeStore: the inner store cannot clear its sessions'));
  }

  #now(): number {
    return this.#lifetime.now().getTime();
  }

  /** The data with this request recorded, and the row's expiry set to when the session dies. */
  #stamped(data: SessionData): SessionData {
    if (!data.userId) return data;
    const stamped = { ...data, lastSeenAt: this.#now() };
    // A plain copy of the cookie: the inner store reads `cookie.expires` for the row; the session's own
    // Cookie object (and so the browser's cookie) is left alone.
    const cookie = { ...(JSON.parse(JSON.stringify(data.cookie)) as object), expires: new Date(this.deadline(stamped)) };
    return { ...stamped, cookie } as unknown as SessionData;
  }
}
