import { expect } from 'chai';
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import { FallbackStore } from '../../src/cluster/fallback-store.js';

/** A shared store that records its calls and fails while `failing` is set. */
class FakeShared implements Store {
  calls: string[] = [];
  failing = false;
  initFails = false;
  private hits = new Map<string, number>();
  async init(): Promise<void> {
    this.calls.push('init');
    if (this.initFails) throw new Error('NOSCRIPT not loaded');
  }
  async increment(key: string): Promise<IncrementResponse> {
    this.calls.push(`increment ${key}`);
    if (this.failing) throw new Error('Command timed out');
    const totalHits = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, totalHits);
    return { totalHits, resetTime: new Date(Date.now() + 60_000) };
  }
  async decrement(): Promise<void> {}
  async resetKey(key: string): Promise<void> {
    this.hits.delete(key);
  }
}

const OPTIONS = { windowMs: 60_000 } as Options;

describe('FallbackStore', () => {
  let up: boolean;
  let reports: string[];
  let made: FakeShared[];
  const make = (firstInitFails = false) => {
    made = [];
    reports = [];
    up = true;
    const store = new FallbackStore(
      () => {
        const fake = new FakeShared();
        fake.initFails = firstInitFails && made.length === 0;
        made.push(fake);
        return fake;
      },
      () => up,
      (_error, operation) => reports.push(operation),
    );
    store.init(OPTIONS);
    return store;
  };

  it('counts in the shared store while the link is up', async () => {
    const store = make();
    await store.increment('k');
    expect((await store.increment('k')).totalHits).to.equal(2);
    expect(made[0]!.calls).to.deep.equal(['init', 'increment k', 'increment k']);
    store.shutdown();
  });

  it('counts in memory while the link is down, without touching the shared store', async () => {
    const store = make();
    up = false;
    expect((await store.increment('k')).totalHits).to.equal(1);
    expect((await store.increment('k')).totalHits).to.equal(2);
    expect(made).to.deep.equal([]);
    store.shutdown();
  });

  it('falls back to memory when a shared command fails, and reports it', async () => {
    const store = make();
    await store.increment('k');
    made[0]!.failing = true;
    expect((await store.increment('k')).totalHits).to.equal(1); // memory's own count
    expect(reports).to.deep.equal(['rate-limit increment']);
    store.shutdown();
  });

  it('rebuilds the shared store after its init failed', async () => {
    const store = make(true);
    expect((await store.increment('k')).totalHits).to.equal(1); // memory
    expect(reports).to.deep.equal(['rate-limit store init']);
    await store.increment('k');
    expect(made.length).to.equal(2);
    expect(made[1]!.calls).to.deep.equal(['init', 'increment k']);
    store.shutdown();
  });
});
