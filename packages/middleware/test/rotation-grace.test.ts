import { expect } from 'chai';
import type { TokenPolicyError} from '../src/index.js';
import { MemoryTokenStore, TokenIssuer, TokenVerifier, type TokenStore } from '../src/index.js';
import { PEPPER, policyError, TestClock, YieldingRetiringStore, YieldingStore } from './helpers.js';

const DAY = 86_400_000;
const SCOPES = ['streams:read', 'streams:write'];

function setup(store: TokenStore = new MemoryTokenStore()) {
  const clock = new TestClock();
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now, cacheTtlMs: 60_000 });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES, now: clock.now, verifier });
  return { clock, store, verifier, issuer };
}

describe('TokenIssuer.rotate with a grace window', () => {
  it('keeps both tokens working for graceMs; at 31 s of 30 the old one is refused as expired', async () => {
    const { clock, verifier, issuer } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'fleet', scopes: ['streams:read'], lifespanMs: 7 * DAY });
    expect((await verifier.verify(old.token)).ok).to.equal(true); // cached with its old expiry
    const rotatedAt = clock.time;
    const fresh = await issuer.rotate('u1', old.info.id, { graceMs: 30_000 });
    expect(fresh.info.expiresAt).to.deep.equal(old.info.expiresAt); // the successor keeps the lifespan

    const during = await verifier.verify(old.token);
    expect(during.ok && during.info.expiresAt).to.deep.equal(new Date(rotatedAt + 30_000));
    expect((await verifier.verify(fresh.token)).ok).to.equal(true);
    const record = await issuer.get('u1', old.info.id);
    expect(record).to.include({ revokedAt: null });
    expect(record?.rotatedAt).to.deep.equal(new Date(rotatedAt));

    clock.advance(30_000 - 1);
    expect((await verifier.verify(old.token)).ok).to.equal(true);
    clock.advance(1_001); // 31 s after the rotation
    const after = await verifier.verify(old.token);
    expect(after.ok || after.error.message).to.equal('The access token has expired');
    expect((await verifier.verify(fresh.token)).ok).to.equal(true);
  });

  it('never extends the old token: a window beyond its own expiry is capped there', async () => {
    const { clock, verifier, issuer } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'fleet', scopes: ['streams:read'], lifespanMs: 10_000 });
    await issuer.rotate('u1', old.info.id, { graceMs: DAY });
    expect((await issuer.get('u1', old.info.id))?.expiresAt).to.deep.equal(old.info.expiresAt);
    clock.advance(10_000);
    expect((await verifier.verify(old.token)).ok).to.equal(false);
  });

  it('a token in its grace window cannot be rotated again, but can still be revoked at once', async () => {
    const { verifier, issuer } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'fleet', scopes: ['streams:read'] });
    await issuer.rotate('u1', old.info.id, { graceMs: 60_000 });
    expect((await policyError(issuer.rotate('u1', old.info.id, { graceMs: 60_000 }))).code).to.equal('not_found');
    expect((await policyError(issuer.rotate('u1', old.info.id))).code).to.equal('not_found');
    expect(await issuer.revoke('u1', old.info.id)).to.equal(true);
    expect((await verifier.verify(old.token)).ok).to.equal(false);
  });

  it('without a window the old token is revoked at once, as before', async () => {
    const { verifier, issuer } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'fleet', scopes: ['streams:read'] });
    await issuer.rotate('u1', old.info.id, { graceMs: 0 });
    const after = await verifier.verify(old.token);
    expect(after.ok || after.error.message).to.equal('The access token has been revoked');
  });

  it('refuses a window that is negative, fractional, not a number or over maxRotationGraceMs, changing nothing', async () => {
    const { issuer } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'fleet', scopes: ['streams:read'] });
    for (const graceMs of [-1, 1.5, DAY + 1, Number.NaN, '30' as never]) {
      const error = await policyError(issuer.rotate('u1', old.info.id, { graceMs }));
      expect(error.code, String(graceMs)).to.equal('invalid_grace');
      expect(error.status).to.equal(400);
    }
    expect(await issuer.get('u1', old.info.id)).to.include({ revokedAt: null, rotatedAt: null });
    const short = new TokenIssuer({ store: new MemoryTokenStore(), pepper: PEPPER, scopes: SCOPES, maxRotationGraceMs: 1000 });
    const token = await short.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read'] });
    expect((await policyError(short.rotate('u1', token.info.id, { graceMs: 1001 }))).code).to.equal('invalid_grace');
    expect(() => new TokenIssuer({ store: new MemoryTokenStore(), pepper: PEPPER, scopes: SCOPES, maxRotationGraceMs: -1 })).to.throw(/maxRotationGraceMs/);
  });

  it('needs a store with retire for a window, and says so', async () => {
    const { issuer } = setup(new YieldingStore());
    const old = await issuer.create({ ownerId: 'u1', name: 'fleet', scopes: ['streams:read'] });
    let error: unknown;
    await issuer.rotate('u1', old.info.id, { graceMs: 1000 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError).and.to.have.property('message').that.matches(/needs a store with retire/);
    expect((await issuer.rotate('u1', old.info.id)).token).to.be.a('string'); // without a window it still rotates
  });

  for (const [label, makeStore] of [
    ['a synchronous store', () => new MemoryTokenStore()],
    ['a store that yields on every call', () => new YieldingRetiringStore()],
  ] as const) {
    it(`concurrent rotations with and without a window: exactly one live successor, on ${label}`, async () => {
      const { issuer } = setup(makeStore());
      const old = await issuer.create({ ownerId: 'u1', name: 'fleet', scopes: ['streams:read'] });
      const graces = [30_000, 0, 30_000, 0, 60_000, 0];
      const outcomes = await Promise.allSettled(graces.map((graceMs) => issuer.rotate('u1', old.info.id, { graceMs })));
      const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(won).to.have.length(1);
      for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as TokenPolicyError).code).to.equal('not_found');
      const successors = (await issuer.list('u1')).filter((t) => t.id !== old.info.id);
      expect(successors.map((t) => t.id)).to.deep.equal([won[0]!.info.id]);
    });
  }
});
