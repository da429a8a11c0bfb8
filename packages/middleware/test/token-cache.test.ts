import { expect } from 'chai';
import { MemoryTokenCache, TokenIssuer, TokenVerifier, type StoredToken, type TokenCache } from '../src/index.js';
import { PEPPER, RecordingStore, TestClock } from './helpers.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** An asynchronous cache (as a Redis-backed one would be) that records its calls and can be made to fail. */
class RecordingCache implements TokenCache {
  readonly entries = new Map<string, StoredToken>();
  calls: string[] = [];
  failing = false;
  async get(id: string): Promise<StoredToken | undefined> {
    this.calls.push(`get:${id}`);
    if (this.failing) throw new Error('cache down');
    return this.entries.get(id);
  }
  async set(id: string, token: StoredToken): Promise<void> {
    this.calls.push(`set:${id}`);
    if (this.failing) throw new Error('cache down');
    this.entries.set(id, token);
  }
  async delete(id: string): Promise<void> {
    this.calls.push(`delete:${id}`);
    // Slower than a microtask, as a network round trip is: proves the issuer awaits it.
    await settle();
    if (this.failing) throw new Error('cache down');
    this.entries.delete(id);
  }
}

async function setup(cache: TokenCache, onError: (error: unknown, context: { operation: string }) => void = () => {}) {
  const clock = new TestClock();
  const store = new RecordingStore();
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now, cache, onError });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'], now: clock.now, verifier });
  const { token, info } = await issuer.create({ ownerId: 'u1', name: 't', scopes: ['a:read'] });
  store.calls = [];
  return { clock, store, verifier, issuer, token, info };
}

describe('TokenCache (the verifier option `cache`)', () => {
  it('an asynchronous cache serves repeated requests without the store', async () => {
    const cache = new RecordingCache();
    const { verifier, store, token, info } = await setup(cache);
    expect((await verifier.verify(token)).ok).to.equal(true);
    await settle();
    expect((await verifier.verify(token)).ok).to.equal(true);
    expect(store.count('findById')).to.equal(1);
    expect(cache.calls).to.deep.equal([`get:${info.id}`, `set:${info.id}`, `get:${info.id}`]);
  });

  it('revoking through the issuer deletes the entry before revoke() resolves, so the next request is refused', async () => {
    const cache = new RecordingCache();
    const { verifier, issuer, token, info } = await setup(cache);
    await verifier.verify(token);
    await settle();
    expect(cache.entries.has(info.id)).to.equal(true);
    expect(await issuer.revoke('u1', info.id)).to.equal(true);
    expect(cache.calls.at(-1)).to.equal(`delete:${info.id}`);
    expect(cache.entries.has(info.id)).to.equal(false);
    const result = await verifier.verify(token);
    expect(result.ok || result.error.reason).to.equal('revoked');
  });

  it('a failing cache never fails a request: the store answers and onError hears of it', async () => {
    const cache = new RecordingCache();
    const errors: string[] = [];
    const { verifier, issuer, store, token, info } = await setup(cache, (error, context) => errors.push(`${context.operation}:${(error as Error).message}`));
    cache.failing = true;
    expect((await verifier.verify(token)).ok).to.equal(true);
    await settle();
    expect(store.count('findById')).to.equal(1);
    expect(errors).to.deep.equal(['cache:cache down', 'cache:cache down']);
    await verifier.invalidate(info.id);
    expect(await issuer.revoke('u1', info.id)).to.equal(true);
    expect(errors).to.have.length(4);
  });

  it('is refused with cacheTtlMs or cacheMaxEntries beside it, or without the three methods', () => {
    const store = new RecordingStore();
    expect(() => new TokenVerifier({ store, pepper: PEPPER, cache: new MemoryTokenCache(), cacheTtlMs: 5 })).to.throw('either `cache` or `cacheTtlMs`');
    expect(() => new TokenVerifier({ store, pepper: PEPPER, cache: { get: () => undefined } as never })).to.throw('missing set, delete');
  });
});

describe('MemoryTokenCache (the default)', () => {
  const record = { id: 'AbC123xyz0' } as StoredToken;

  it('keeps an entry for ttlMs on its clock, and nothing when ttlMs is 0 (the default)', () => {
    const clock = new TestClock();
    const cache = new MemoryTokenCache({ ttlMs: 1000, now: clock.now });
    cache.set(record.id, record);
    expect(cache.get(record.id)).to.equal(record);
    clock.advance(1000);
    expect(cache.get(record.id)).to.equal(undefined);
    const off = new MemoryTokenCache();
    off.set(record.id, record);
    expect(off.get(record.id)).to.equal(undefined);
  });

  it('deletes on request and names a bad option', () => {
    const cache = new MemoryTokenCache({ ttlMs: 1000 });
    cache.set(record.id, record);
    cache.delete(record.id);
    expect(cache.get(record.id)).to.equal(undefined);
    expect(() => new MemoryTokenCache({ ttlMs: -1 })).to.throw('`ttlMs`');
  });
});
