import { expect } from 'chai';
import { generateToken, TokenIssuer, TokenVerifier } from '../src/index.js';
import { assembleToken } from '../src/token-format.js';
import { PEPPER, RecordingStore, TestClock } from './helpers.js';

const DAY = 86_400_000;

function setup() {
  const clock = new TestClock();
  const store = new RecordingStore();
  const verifier = new TokenVerifier({ store, pepper: PEPPER, cacheTtlMs: 60_000, now: clock.now });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['streams:read'], verifier, now: clock.now });
  const mint = async () => (await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read'], lifespanMs: DAY })).token;
  return { clock, store, verifier, issuer, mint };
}

/** A value with a real token's id, a valid checksum and some other secret: it proves nothing. */
function forgeFor(token: string): string {
  const id = token.slice(4, 14);
  return assembleToken('pat', id, generateToken().secret);
}

describe('TokenIssuer.revokeByValue', () => {
  it('revokes a live token from its value alone and clears the verifier cache', async () => {
    const { issuer, verifier, mint } = setup();
    const token = await mint();
    expect((await verifier.verify(token)).ok).to.equal(true); // now cached
    expect(await issuer.revokeByValue(token)).to.equal('revoked');
    const after = await verifier.verify(token);
    expect(after.ok).to.equal(false);
    expect(await issuer.revokeByValue(token)).to.equal('inactive');
  });

  it('never revokes a token for a value that names its id with another secret', async () => {
    const { issuer, verifier, mint } = setup();
    const token = await mint();
    expect(await issuer.revokeByValue(forgeFor(token))).to.equal('unknown');
    expect((await verifier.verify(token)).ok).to.equal(true);
  });

  it('calls an expired token inactive and leaves it as it was', async () => {
    const { issuer, store, clock, mint } = setup();
    const token = await mint();
    clock.advance(DAY);
    expect(await issuer.revokeByValue(token)).to.equal('inactive');
    expect(store.findById(token.slice(4, 14))?.revokedAt).to.equal(null);
  });

  it('does one store lookup for every value, well-formed or not', async () => {
    const { issuer, store, mint } = setup();
    const token = await mint();
    const values = [token, forgeFor(token), 'pat_short', `acme_${token.slice(4)}`, `${token.slice(0, -1)}x`, '', 'x'.repeat(500)];
    store.calls = [];
    for (const value of values) expect(await issuer.revokeByValue(value)).to.be.oneOf(['revoked', 'unknown']);
    expect(store.count('findById:')).to.equal(values.length);
  });
});
