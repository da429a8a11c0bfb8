import { expect } from 'chai';
import session from 'express-session';
import type { SessionData } from 'express-session';
import { HashedSidStore } from '../../src/web/hashed-sid-store.js';
import { deriveKey } from '../../src/web/sessions.js';

/** An inner store that keeps sessions in a map and records the key of every call. */
class RecordingStore extends session.Store {
  readonly rows = new Map<string, SessionData>();
  readonly calls: [string, string][] = [];
  get(sid: string, cb: (err: unknown, s?: SessionData | null) => void) { this.calls.push(['get', sid]); cb(null, this.rows.get(sid) ?? null); }
  set(sid: string, s: SessionData, cb?: (err?: unknown) => void) { this.calls.push(['set', sid]); this.rows.set(sid, s); cb?.(); }
  override touch(sid: string, _s: SessionData, cb?: () => void) { this.calls.push(['touch', sid]); cb?.(); }
  destroy(sid: string, cb?: (err?: unknown) => void) { this.calls.push(['destroy', sid]); this.rows.delete(sid); cb?.(); }
}

const call = <T>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err as Error) : resolve(value))));

describe('HashedSidStore', () => {
  const sid = 'EPWlnTrq-07bBHb6iR_ys57X2C_Y6teR';
  const data = { cookie: { originalMaxAge: 1000 }, userId: 'u1' } as SessionData;

  it('passes every session id through the HMAC: get, set, touch, destroy, and load through get', async () => {
    const inner = new RecordingStore();
    const store = new HashedSidStore(inner, deriveKey('s'.repeat(32), 'session-id'));
    const key = store.storageKey(sid);
    expect(key).to.match(/^[\w-]{32}$/).and.not.to.equal(sid);

    await call((cb) => store.set(sid, data, cb));
    expect((await call<SessionData | null>((cb) => store.get(sid, cb)))?.userId).to.equal('u1');
    expect((await call<SessionData>((cb) => store.load(sid, cb)))?.userId).to.equal('u1');
    await call((cb) => store.touch(sid, data, () => cb()));
    await call((cb) => store.destroy(sid, cb));
    expect(inner.calls.map(([name]) => name)).to.deep.equal(['set', 'get', 'get', 'touch', 'destroy']);
    expect(inner.calls.every(([, k]) => k === key)).to.equal(true);
    expect([...inner.rows.keys()]).to.deep.equal([]);
  });

  it('files the same id under different keys for different secrets, and refuses a short key', () => {
    const a = new HashedSidStore(new RecordingStore(), deriveKey('a'.repeat(32), 'session-id'));
    const b = new HashedSidStore(new RecordingStore(), deriveKey('b'.repeat(32), 'session-id'));
    expect(a.storageKey(sid)).not.to.equal(b.storageKey(sid));
    expect(() => new HashedSidStore(new RecordingStore(), 'short')).to.throw(TypeError, /deriveKey/);
  });
});
