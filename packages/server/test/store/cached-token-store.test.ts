import { MemoryTokenStore } from '@patgate/middleware';
import type { StoredToken } from '@patgate/middleware';
import { tokenStoreContract } from '@patgate/middleware/testing';
import { expect } from 'chai';
import { CachedTokenStore } from '../../src/store/cached-token-store.js';

/** A memory store that counts the lookups reaching it. */
class CountingStore extends MemoryTokenStore {
  lookups = 0;
  override findById(id: string): StoredToken | null {
    this.lookups++;
    return super.findById(id);
  }
}

const token = (id: string): StoredToken => ({
  id,
  ownerId: 'owner',
  name: 'n',
  scopes: ['profile:read'],
  secretHash: 'h',
  lastChars: 'abcd',
  createdAt: new Date(0),
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
});

describe('CachedTokenStore', () => {
  // With a cache in front, the store must still behave as every TokenStore does.
  tokenStoreContract(() => new CachedTokenStore(new MemoryTokenStore(), () => 60_000), { describe, it });

  let clock = 0;
  const now = () => new Date(clock);
  beforeEach(() => (clock = 1_000_000));

  it('serves a record from the cache for the TTL read at lookup time, and asks the store after it', async () => {
    const inner = new CountingStore();
    let ttl = 10_000;
    const store = new CachedTokenStore(inner, () => ttl, now);
    await store.insert(token('AAAAAAAAAA'));
    await store.findById('AAAAAAAAAA');
    await store.findById('AAAAAAAAAA');
    expect(inner.lookups).to.equal(1);
    clock += 10_000;
    await store.findById('AAAAAAAAAA');
    expect(inner.lookups).to.equal(2);
    // A shorter TTL (the Redis link went down) applies to records cached from then on.
    ttl = 1000;
    clock += 10_000;
    await store.findById('AAAAAAAAAA');
    clock += 1000;
    await store.findById('AAAAAAAAAA');
    expect(inner.lookups).to.equal(4);
  });

  it('forgets a record on invalidate, revoke, touch and clear, and never caches an unknown id', async () => {
    const inner = new CountingStore();
    const store = new CachedTokenStore(inner, () => 60_000, now);
    await store.insert(token('BBBBBBBBBB'));
    const lookupsAfter = async (action: () => unknown) => {
      await store.findById('BBBBBBBBBB');
      const before = inner.lookups;
      await action();
      await store.findById('BBBBBBBBBB');
      return inner.lookups - before;
    };
    expect(await lookupsAfter(() => undefined)).to.equal(0);
    expect(await lookupsAfter(() => store.invalidate('BBBBBBBBBB'))).to.equal(1);
    expect(await lookupsAfter(() => store.touch('BBBBBBBBBB', now()))).to.equal(1);
    expect(await lookupsAfter(() => store.clear())).to.equal(1);
    expect(await lookupsAfter(() => store.revoke('BBBBBBBBBB', now()))).to.equal(1);
    expect((await store.findById('BBBBBBBBBB'))?.revokedAt).to.be.instanceOf(Date);
    const before = inner.lookups;
    await store.findById('CCCCCCCCCC');
    await store.findById('CCCCCCCCCC');
    expect(inner.lookups - before).to.equal(2);
  });

  it('caches nothing with a TTL of 0', async () => {
    const inner = new CountingStore();
    const store = new CachedTokenStore(inner, () => 0, now);
    await store.insert(token('DDDDDDDDDD'));
    await store.findById('DDDDDDDDDD');
    await store.findById('DDDDDDDDDD');
    expect(inner.lookups).to.equal(2);
  });
});
