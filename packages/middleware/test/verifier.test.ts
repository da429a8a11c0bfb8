import { expect } from 'chai';
import { generateToken, TokenIssuer, TokenVerifier } from '../src/index.js';
import { assembleToken } from '../src/token-format.js';
import { PEPPER, RecordingStore, TestClock } from './helpers.js';

async function setup(options: { touchIntervalMs?: number; cacheTtlMs?: number; onError?: (e: unknown) => void } = {}) {
  const clock = new TestClock();
  const store = new RecordingStore();
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read', 'a:write'], now: clock.now });
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now, ...options });
  const { token, info } = await issuer.create({ ownerId: 'u1', name: 'test', scopes: ['a:read'], lifespanMs: 3_600_000 });
  store.calls = [];
  return { clock, store, issuer, verifier, token, info };
}

describe('TokenVerifier', () => {
  it('verifies a token into user and authInfo', async () => {
    const { verifier, token, info } = await setup();
    const result = await verifier.verify(token);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.user).to.deep.equal({ id: 'u1' });
    expect(result.info).to.deep.equal({ tokenId: info.id, scopes: ['a:read'], expiresAt: info.expiresAt, lineageId: info.id, resourceIds: null });
  });

  it('refuses a bad checksum or shape without calling the store', async () => {
    const { verifier, store, token } = await setup();
    const flipped = token.slice(0, 30) + (token[30] === 'Z' ? 'Y' : 'Z') + token.slice(31);
    for (const bad of [flipped, 'pat_short', 'nonsense', `${token}0`]) {
      const result = await verifier.verify(bad);
      expect(result.ok).to.equal(false);
    }
    expect(store.calls).to.deep.equal([]);
  });

  it('gives one message for unknown id and wrong secret, and names revoked / expired only for the real secret', async () => {
    const { verifier, token, issuer, clock, info } = await setup();
    const other = generateToken();
    const wrongSecret = generateToken();
    const unknown = await verifier.verify(other.token);
    const withWrongSecret = await verifier.verify(assembleToken('pat', info.id, wrongSecret.secret));
    expect(unknown.ok || unknown.error.message).to.equal('The access token is invalid');
    expect(withWrongSecret.ok || withWrongSecret.error.reason).to.equal('secret');
    expect(withWrongSecret.ok || withWrongSecret.error.message).to.equal('The access token is invalid');

    clock.advance(3_600_000);
    const expired = await verifier.verify(token);
    expect(expired.ok || expired.error.message).to.equal('The access token has expired');
    clock.advance(-1);
    await issuer.revoke('u1', info.id);
    const revoked = await verifier.verify(token);
    expect(revoked.ok || revoked.error.message).to.equal('The access token has been revoked');
  });

  it('writes last-used once for 1,000 requests inside one interval, then again after it', async () => {
    const { verifier, store, token, clock } = await setup();
    for (let i = 0; i < 1000; i++) {
      expect((await verifier.verify(token)).ok).to.equal(true);
      clock.advance(10);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.count('touch:')).to.equal(1);
    clock.advance(60_000);
    await verifier.verify(token);
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.count('touch:')).to.equal(2);
  });

  it('writes the address and user agent of the use with last-used, once per interval, bounded in length', async () => {
    const { verifier, store, token, clock, info } = await setup();
    const id = info.id;
    expect((await verifier.verify(token, { ip: '192.0.2.1', userAgent: 'curl/8.5' })).ok).to.equal(true);
    clock.advance(1000);
    await verifier.verify(token, { ip: '198.51.100.9', userAgent: 'other' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.count('touch:')).to.equal(1);
    expect(store.findById(id)).to.include({ lastUsedIp: '192.0.2.1', lastUsedUserAgent: 'curl/8.5' });
    clock.advance(60_000);
    await verifier.verify(token, { ip: '198.51.100.9', userAgent: 'x'.repeat(5000) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.count('touch:')).to.equal(2);
    const record = store.findById(id)!;
    expect(record.lastUsedIp).to.equal('198.51.100.9');
    expect(record.lastUsedUserAgent).to.equal('x'.repeat(512));
    expect(record.lastUsedAt).to.deep.equal(clock.now());
  });

  it('never awaits the last-used write and reports its failure to onError', async () => {
    const errors: unknown[] = [];
    const { verifier, store, token } = await setup({ onError: (e) => errors.push(e) });
    let release!: () => void;
    store.touch = () => new Promise<void>((_, reject) => (release = () => reject(new Error('disk full')))) as never;
    const result = await verifier.verify(token);
    expect(result.ok).to.equal(true);
    expect(errors).to.have.length(0);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).to.have.length(1);
    expect((errors[0] as Error).message).to.equal('disk full');
  });

  it('caches records for cacheTtlMs, and invalidate() drops one', async () => {
    const { verifier, store, token, clock, info } = await setup({ cacheTtlMs: 1000 });
    await verifier.verify(token);
    await verifier.verify(token);
    expect(store.count('findById')).to.equal(1);
    clock.advance(1000);
    await verifier.verify(token);
    expect(store.count('findById')).to.equal(2);
    await verifier.invalidate(info.id);
    await verifier.verify(token);
    expect(store.count('findById')).to.equal(3);
  });

  it('refuses a token whose owner resolveUser no longer finds', async () => {
    const { store, token, clock } = await setup();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now, resolveUser: () => null });
    const result = await verifier.verify(token);
    expect(result.ok || result.error.reason).to.equal('owner');
  });

  it('lets a store failure reject, as a server error', async () => {
    const { store, token, clock } = await setup();
    store.findById = () => {
      throw new Error('db down');
    };
    const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now });
    let caught: unknown;
    await verifier.verify(token).catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.equal('db down');
  });
});

