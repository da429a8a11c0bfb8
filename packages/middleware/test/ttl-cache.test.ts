import { expect } from 'chai';
import { TtlCache } from '../src/ttl-cache.js';

describe('TtlCache', () => {
  it('returns entries until their time-to-live runs out', () => {
    const cache = new TtlCache<string>(100, 10);
    cache.set('a', 'A', 1000);
    expect(cache.get('a', 1099)).to.equal('A');
    expect(cache.get('a', 1100)).to.equal(undefined);
    expect(cache.get('a', 1000)).to.equal(undefined); // an expired entry is gone, not just hidden
  });

  it('evicts the oldest entry when full', () => {
    const cache = new TtlCache<number>(1000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).to.deep.equal([undefined, 2, 3]);
  });

  it('refreshing an entry moves it to the back of the eviction order', () => {
    const cache = new TtlCache<number>(1000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('a', 10, 0);
    cache.set('c', 3, 0);
    expect([cache.get('a', 1), cache.get('b', 1)]).to.deep.equal([10, undefined]);
  });

  it('stores nothing when the time-to-live is 0', () => {
    const cache = new TtlCache<number>(0, 10);
    cache.set('a', 1, 0);
    expect(cache.enabled).to.equal(false);
    expect(cache.get('a', 0)).to.equal(undefined);
  });

  it('delete and clear drop entries', () => {
    const cache = new TtlCache<number>(1000, 10);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.delete('a');
    expect(cache.get('a', 1)).to.equal(undefined);
    cache.clear();
    expect(cache.get('b', 1)).to.equal(undefined);
  });
});
