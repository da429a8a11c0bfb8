import { expect } from 'chai';
import { MemoryTokenStore, TokenIssuer, TokenVerifier, type TokenEvent } from '../src/index.js';
import { PEPPER, TestClock } from './helpers.js';

const DAY = 86_400_000;

function setup(options: { cacheTtlMs?: number; touchIntervalMs?: number } = {}) {
  const clock = new TestClock();
  const store = new MemoryTokenStore();
  const events: TokenEvent[] = [];
  const onEvent = (event: TokenEvent) => void events.push(event);
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now, onEvent, ...options });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['streams:read'], verifier, now: clock.now, onEvent });
  const mint = async () => (await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['streams:read'], lifespanMs: DAY }, { actor: 'cli' })).token;
  const types = () => events.map((e) => `${e.type}:${e.actor}`);
  return { clock, store, events, verifier, issuer, mint, types };
}

const WHERE = { ip: '203.0.113.7', userAgent: 'deploy-bot/1.0' };

describe('token events (onEvent): first use and leak reports', () => {
  it('reports a first use once, however many uses follow and whatever the cache and throttle', async () => {
    for (const options of [{}, { cacheTtlMs: 60_000, touchIntervalMs: 0 }, { touchIntervalMs: 0 }]) {
      const { verifier, mint, events, clock } = setup(options);
      const token = await mint();
      for (let i = 0; i < 5; i++) {
        expect((await verifier.verify(token, WHERE)).ok).to.equal(true);
        await new Promise(setImmediate); // let the last-used write land, as it would between requests
        clock.advance(1000);
      }
      const firsts = events.filter((e) => e.type === 'first_used');
      expect(firsts, JSON.stringify(options)).to.have.length(1);
      expect(firsts[0]).to.deep.include({ actor: undefined, ...WHERE, ownerId: 'u1', tokenId: token.slice(4, 14) });
    }
  });

  it('reports a leak report with where the token was found, and nothing for values it did not revoke', async () => {
    const { issuer, mint, events } = setup();
    const token = await mint();
    const url = 'https://github.com/octo/leaky/blob/main/.env';
    expect(await issuer.revokeByValue(token, { actor: 'leak_report', url, ...WHERE })).to.equal('revoked');
    expect(await issuer.revokeByValue(token, { actor: 'leak_report', url })).to.equal('inactive');
    expect(events.at(-1)).to.deep.include({ type: 'leak_reported', actor: 'leak_report', url, ...WHERE });
    expect(events).to.have.length(2);
  });

  it('reports a revocation by value under another actor as revoked', async () => {
    const { issuer, mint, types } = setup();
    await issuer.revokeByValue(await mint(), { actor: 'admin' });
    expect(types()).to.deep.equal(['created:cli', 'revoked:admin']);
  });
});
