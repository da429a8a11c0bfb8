import { expect } from 'chai';
import { generateToken, MemoryTokenStore, TokenIssuer, TokenVerifier, type StoredToken } from '../src/index.js';
import { PEPPER, RecordingStore, TestClock } from './helpers.js';

/** A store whose next read can be held: the record is read at once, handed back only when released. */
class SlowStore extends MemoryTokenStore {
  private held: (() => void)[] = [];
  holdNext = false;
  override findById(id: string): StoredToken | null;
  override findById(id: string): Promise<StoredToken | null> | StoredToken | null {
    const record = super.findById(id);
    if (!this.holdNext) return record;
    this.holdNext = false;
    return new Promise((resolve) => this.held.push(() => resolve(record)));
  }
  release(): void {
    for (const resume of this.held.splice(0)) resume();
  }
}

describe('TokenVerifier under races and floods', () => {
  it('never lets a lookup that started before a revoke write the old record back into the cache', async () => {
    const clock = new TestClock();
    const store = new SlowStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, cacheTtlMs: 60_000, now: clock.now });
    const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'], now: clock.now, verifier });
    const { token, info } = await issuer.create({ ownerId: 'u1', name: 'x', scopes: ['a:read'] });

    store.holdNext = true;
    const inFlight = verifier.verify(token); // reads the live record, then waits
    await new Promise((resolve) => setImmediate(resolve));
    expect(await issuer.revoke('u1', info.id)).to.equal(true);
    store.release();
    expect((await inFlight).ok, 'the request that started before the revoke').to.equal(true);

    for (let i = 0; i < 3; i++) {
      const after = await verifier.verify(token);
      expect(after.ok, `request ${i} after the revoke`).to.equal(false);
      if (!after.ok) expect(after.error.reason).to.equal('revoked');
    }
  });

  it('still caches records when no invalidation happened meanwhile', async () => {
    const store = new RecordingStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, cacheTtlMs: 60_000 });
    const { token } = await new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] }).create({ ownerId: 'u1', name: 'x', scopes: ['a:read'] });
    for (let i = 0; i < 5; i++) expect((await verifier.verify(token)).ok).to.equal(true);
    expect(store.count('findById')).to.equal(1);
  });

  it('remembers an unknown id for negativeCacheTtlMs, so a repeated forged token costs one lookup', async () => {
    const clock = new TestClock();
    const store = new RecordingStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now });
    const forged = generateToken('pat').token;
    for (let i = 0; i < 10; i++) expect((await verifier.verify(forged)).ok).to.equal(false);
    expect(store.count('findById')).to.equal(1);
    clock.advance(5_001);
    await verifier.verify(forged);
    expect(store.count('findById')).to.equal(2);
  });

  it('bounds the negative cache: distinct forged ids cannot grow it past negativeCacheMaxEntries', async () => {
    const store = new RecordingStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, negativeCacheMaxEntries: 2 });
    const [a, b, c] = [generateToken('pat').token, generateToken('pat').token, generateToken('pat').token];
    for (const t of [a, b, c, c, a]) await verifier.verify(t!);
    // a was evicted by c, so it was looked up again; c was remembered.
    expect(store.count('findById')).to.equal(4);
  });

  it('answers an unknown id and a wrong secret with the same error, with the negative cache off too', async () => {
    const store = new RecordingStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, negativeCacheTtlMs: 0 });
    const { token } = await new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] }).create({ ownerId: 'u1', name: 'x', scopes: ['a:read'] });
    const other = generateToken('pat');
    const wrongSecret = `pat_${token.slice(4, 14)}${other.token.slice(14)}`;
    const unknown = await verifier.verify(other.token);
    const wrong = await verifier.verify(wrongSecret);
    expect(unknown.ok || wrong.ok).to.equal(false);
    if (!unknown.ok && !wrong.ok) {
      expect(unknown.error.message).to.equal(wrong.error.message);
      expect(unknown.error.headers).to.deep.equal(wrong.error.headers);
    }
    await verifier.verify(other.token);
    expect(store.count(`findById:${other.token.slice(4, 14)}`)).to.equal(2);
  });
});
