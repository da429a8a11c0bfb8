import { expect } from 'chai';
import { TouchThrottle } from '../src/touch-throttle.js';
import { RecordingStore } from './helpers.js';

describe('TouchThrottle', () => {
  it('writes once per token per interval, each token on its own clock', async () => {
    const store = new RecordingStore();
    const throttle = new TouchThrottle(store, 1000, () => undefined);
    const writes = [throttle.touch('a', new Date(0)), throttle.touch('a', new Date(999)), throttle.touch('b', new Date(500))];
    expect(writes.map((w) => w !== undefined)).to.deep.equal([true, false, true]);
    await Promise.all(writes);
    expect(throttle.touch('a', new Date(1000))).not.to.equal(undefined);
    expect(store.calls).to.deep.equal(['touch:a', 'touch:b']);
  });

  it('reports a failed write and lets the next use retry at once', async () => {
    const errors: unknown[] = [];
    const store = new RecordingStore();
    let fail = true;
    store.touch = (id: string) => {
      store.calls.push(`touch:${id}`);
      if (fail) throw new Error('locked');
    };
    const throttle = new TouchThrottle(store, 60_000, (error, context) => errors.push([(error as Error).message, context]));
    await throttle.touch('a', new Date(0));
    expect(errors).to.deep.equal([['locked', { operation: 'touch', tokenId: 'a' }]]);
    fail = false;
    await throttle.touch('a', new Date(1));
    expect(store.calls).to.deep.equal(['touch:a', 'touch:a']);
    expect(throttle.touch('a', new Date(2))).to.equal(undefined);
  });

  it('with an interval of 0 writes on every use', () => {
    const throttle = new TouchThrottle(new RecordingStore(), 0, () => undefined);
    expect(throttle.touch('a', new Date(0))).not.to.equal(undefined);
    expect(throttle.touch('a', new Date(0))).not.to.equal(undefined);
  });
});
