import { expect } from 'chai';
import { MemoryTokenStore, TokenIssuer, TokenPolicyError, TokenVerifier, type TokenStore } from '../src/index.js';
import { PEPPER, policyError, TestClock, YieldingStore } from './helpers.js';

const DAY = 86_400_000;
const SCOPES = ['streams:read', 'streams:write', 'profile:read', 'tokens:write'];

function setup(overrides: Partial<ConstructorParameters<typeof TokenIssuer>[0]> = {}) {
  const clock = new TestClock();
  const store = new MemoryTokenStore();
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES, ungrantableScopes: ['tokens:write'], now: clock.now, ...overrides });
  return { clock, store, issuer };
}


describe('TokenIssuer', () => {
  it('creates a token with name, scopes and the default lifespan of 30 days', async () => {
    const { issuer, clock } = setup();
    const { token, info } = await issuer.create({ ownerId: 'u1', name: '  CI deploy ', scopes: ['streams:read', 'streams:read'] });
    expect(token).to.match(/^pat_/);
    expect(info).to.include({ ownerId: 'u1', name: 'CI deploy', lastChars: token.slice(-6) });
    expect(info.scopes).to.deep.equal(['streams:read']);
    expect(info.expiresAt?.getTime()).to.equal(clock.time + 30 * DAY);
    expect(info).not.to.have.property('secretHash');
  });

  it('refuses unknown scopes, naming them', async () => {
    const err = await policyError(setup().issuer.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read', 'repo', 'admin'] }));
    expect(err.code).to.equal('unknown_scope');
    expect(err.status).to.equal(400);
    expect(err.message).to.equal('Unknown scopes: repo, admin');
  });

  it('refuses ungrantable scopes', async () => {
    const err = await policyError(setup().issuer.create({ ownerId: 'u1', name: 'x', scopes: ['tokens:write'] }));
    expect(err.code).to.equal('scope_not_grantable');
    expect(err.message).to.include('tokens:write');
  });

  it("refuses scopes beyond the caller's", async () => {
    const err = await policyError(
      setup().issuer.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read', 'streams:write'], callerScopes: ['streams:read'] }),
    );
    expect(err.code).to.equal('scope_not_held');
    expect(err.message).to.equal('You cannot grant scope you do not hold: streams:write');
  });

  it('refuses lifespans over the maximum, and no-expiry unless allowed', async () => {
    const { issuer } = setup({ maxLifespanMs: 90 * DAY });
    const err = await policyError(issuer.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read'], lifespanMs: 91 * DAY }));
    expect(err.code).to.equal('lifespan_too_long');
    expect(err.message).to.equal('The lifespan 91 days is over the maximum of 90 days');
    const never = await policyError(issuer.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read'], lifespanMs: null }));
    expect(never.code).to.equal('lifespan_too_long');
    const { issuer: open } = setup({ maxLifespanMs: null });
    expect((await open.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read'], lifespanMs: null })).info.expiresAt).to.equal(null);
  });

  it('refuses bad names, empty scopes and bad lifespans', async () => {
    const { issuer } = setup();
    for (const name of ['', '   ', 'x'.repeat(101), 'a\nb', 42]) {
      expect((await policyError(issuer.create({ ownerId: 'u1', name: name as string, scopes: ['streams:read'] }))).code).to.equal('invalid_name');
    }
    expect((await policyError(issuer.create({ ownerId: 'u1', name: 'x', scopes: [] }))).code).to.equal('no_scopes');
    for (const lifespanMs of [0, -1, 1.5, Number.NaN]) {
      expect((await policyError(issuer.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read'], lifespanMs }))).code).to.equal('invalid_lifespan');
    }
  });

  it('caps live tokens per owner', async () => {
    const { issuer } = setup({ maxTokensPerOwner: 2 });
    const a = await issuer.create({ ownerId: 'u1', name: 'a', scopes: ['streams:read'] });
    await issuer.create({ ownerId: 'u1', name: 'b', scopes: ['streams:read'] });
    expect((await policyError(issuer.create({ ownerId: 'u1', name: 'c', scopes: ['streams:read'] }))).code).to.equal('too_many_tokens');
    await issuer.revoke('u1', a.info.id);
    await issuer.create({ ownerId: 'u1', name: 'c', scopes: ['streams:read'] });
  });

  it('lists, gets and revokes only the owner’s tokens', async () => {
    const { issuer } = setup();
    const mine = await issuer.create({ ownerId: 'u1', name: 'mine', scopes: ['streams:read'] });
    const theirs = await issuer.create({ ownerId: 'u2', name: 'theirs', scopes: ['streams:read'] });
    expect((await issuer.list('u1')).map((t) => t.id)).to.deep.equal([mine.info.id]);
    expect(await issuer.get('u1', theirs.info.id)).to.equal(null);
    expect(await issuer.revoke('u1', theirs.info.id)).to.equal(false);
    expect(await issuer.revoke('u1', mine.info.id)).to.equal(true);
    expect(await issuer.revoke('u1', mine.info.id)).to.equal(false);
    expect((await issuer.list('u1'))[0]?.revokedAt).to.be.instanceOf(Date);
    expect(JSON.stringify(await issuer.list('u1'))).not.to.include('secretHash');
  });

  it('rotates: new token, same name, scopes and expiry; the old one stops working at once', async () => {
    const clock = new TestClock();
    const store = new MemoryTokenStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now, cacheTtlMs: 60_000 });
    const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES, now: clock.now, verifier });
    const old = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read'], lifespanMs: 7 * DAY });
    expect((await verifier.verify(old.token)).ok).to.equal(true); // now cached
    clock.advance(DAY);
    const fresh = await issuer.rotate('u1', old.info.id);
    expect(fresh.token).not.to.equal(old.token);
    expect(fresh.info).to.include({ name: 'ci' });
    expect(fresh.info.scopes).to.deep.equal(['streams:read']);
    expect(fresh.info.expiresAt?.getTime()).to.equal(old.info.expiresAt?.getTime());
    expect((await verifier.verify(old.token)).ok).to.equal(false);
    expect((await verifier.verify(fresh.token)).ok).to.equal(true);
    expect((await policyError(issuer.rotate('u1', old.info.id))).code).to.equal('not_found');
    expect((await policyError(issuer.rotate('u2', fresh.info.id))).status).to.equal(404);
  });

  it('rotation keeps the expiry, so a token cannot renew itself by rotating; an expired one cannot rotate', async () => {
    const { issuer, clock } = setup();
    const first = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read'], lifespanMs: 7 * DAY });
    const expiresAt = first.info.expiresAt!.getTime();
    let current = first;
    for (let day = 1; day <= 6; day++) {
      clock.advance(DAY);
      current = await issuer.rotate('u1', current.info.id);
      expect(current.info.expiresAt?.getTime(), `day ${day}`).to.equal(expiresAt);
    }
    clock.advance(DAY); // now exactly at expiresAt: no longer live
    expect((await policyError(issuer.rotate('u1', current.info.id))).code).to.equal('not_found');
    expect((await issuer.list('u1')).filter((t) => !t.revokedAt)).to.have.length(1); // the refused rotation revoked nothing
  });

  it('rotation brings the expiry forward when maxLifespanMs has been lowered since creation', async () => {
    const { issuer, clock, store } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read'], lifespanMs: 300 * DAY });
    const strict = new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES, now: clock.now, defaultLifespanMs: DAY, maxLifespanMs: 90 * DAY });
    clock.advance(DAY);
    expect((await strict.rotate('u1', old.info.id)).info.expiresAt?.getTime()).to.equal(clock.time + 90 * DAY);
  });

  it('rotation keeps a token that never expires that way', async () => {
    const { issuer, clock } = setup({ maxLifespanMs: null });
    const old = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read'], lifespanMs: null });
    clock.advance(400 * DAY);
    expect((await issuer.rotate('u1', old.info.id)).info.expiresAt).to.equal(null);
  });

  it('rotation re-checks scopes against what the caller holds now', async () => {
    const { issuer } = setup();
    const old = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read', 'streams:write'] });
    const err = await policyError(issuer.rotate('u1', old.info.id, { callerScopes: ['streams:read'] }));
    expect(err.code).to.equal('scope_not_held');
    expect((await issuer.get('u1', old.info.id))?.revokedAt).to.equal(null); // a refused rotation leaves the old token live
  });

  for (const [label, makeStore] of [
    ['a synchronous store', () => new MemoryTokenStore()],
    ['a store that yields on every call', () => new YieldingStore()],
  ] as const) {
    it(`concurrent rotations of one token: exactly one wins, on ${label}`, async () => {
      const clock = new TestClock();
      const store: TokenStore = makeStore();
      const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES, now: clock.now });
      const old = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read'] });
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => issuer.rotate('u1', old.info.id)));
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).to.have.length(1);
      expect(lost).to.have.length(4);
      for (const reason of lost) {
        expect(reason).to.be.instanceOf(TokenPolicyError);
        expect((reason as TokenPolicyError).code).to.equal('not_found');
      }
      const live = (await issuer.list('u1')).filter((t) => !t.revokedAt);
      expect(live.map((t) => t.id)).to.deep.equal([won[0]!.value.info.id]);
    });
  }
});
