import { createHmac } from 'node:crypto';
import session from 'express-session';
import type { SessionData, Store } from 'express-session';

/**
 * Characters of the base64url HMAC kept as the storage key: 32 (192 bits), the length of the ids
 * express-session makes, which fits the `Sessions.sid` column (`varchar(36)`, migration 0002).
 */
const STORAGE_KEY_LENGTH = 32;

/**
 * An express-session store that keeps sessions in another store under `HMAC-SHA-256(key, sid)`, never
 * under the session id itself. The cookie carries the id; the database holds only its HMAC, so a copy of
 * the database (or a read-only SQL injection) yields no session a browser could present, and the key is
 * derived from the server secret rather than stored beside the rows. Every method that takes a session id
 * translates it: `get`, `set`, `touch`, `destroy`, and through them the base class's `load` and
 * `regenerate`. `all` is not offered: the store cannot turn its keys back into ids.
 *
 * @example
 * const store = new HashedSidStore(new SequelizeStore({ db: sequelize }), deriveKey(secret, 'session-id'));
 * app.use(session({ store, secret: deriveKey(secret, 'session'), resave: false, saveUninitialized: false }));
 */
export class HashedSidStore extends session.Store {
  readonly #inner: Store;
  readonly #key: string;

  constructor(inner: Store, key: string) {
    super();
    if (typeof key !== 'string' || key.length < 32) {
      throw new TypeError('HashedSidStore: `key` must be a string of at least 32 characters; pass deriveKey(secret, "session-id")');
    }
    this.#inner = inner;
    this.#key = key;
  }

  /**
   * The key the inner store files `sid` under.
   *
   * @example
   * await sequelize.query('SELECT data FROM "Sessions" WHERE sid = ?', { replacements: [store.storageKey(req.sessionID)] });
   */
  storageKey(sid: string): string {
    return createHmac('sha256', this.#key).update(sid).digest('base64url').slice(0, STORAGE_KEY_LENGTH);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.#inner.get(this.storageKey(sid), callback);
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.#inner.set(this.storageKey(sid), data, callback);
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    if (this.#inner.touch) this.#inner.touch(this.storageKey(sid), data, callback);
    else callback?.();
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#inner.destroy(this.storageKey(sid), callback);
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    if (this.#inner.length) this.#inner.length(callback);
    else callback(new Error('HashedSidStore: the inner store cannot count its sessions'));
  }

  override clear(callback?: (err?: unknown) => void): void {
    if (this.#inner.clear) this.#inner.clear(callback);
    else callback?.(new Error('HashedSidStore: the inner store cannot clear its sessions'));
  }
}
