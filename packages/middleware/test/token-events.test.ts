import express from 'express';
import passport from 'passport';
import request from 'supertest';
import { expect } from 'chai';
import { authenticate, BearerTokenStrategy, MemoryTokenStore, TokenIssuer, TokenVerifier, type TokenEvent } from '../src/index.js';
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

describe('token events (onEvent)', () => {
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
      expect(firsts[0]).to.deep.include({ actor: 'self', ...WHERE, ownerId: 'u1', tokenId: token.slice(4, 14) });
    }
  });

  it('reports refused uses of a revoked or expired token only to whoever holds its secret', async () => {
    const { verifier, issuer, mint, clock, types, events } = setup();
    const revoked = await mint();
    const expiring = await mint();
    await issuer.revoke('u1', revoked.slice(4, 14), { actor: 'owner', ...WHERE });
    await verifier.verify(revoked, WHERE);
    await verifier.verify(`${revoked.slice(0, 20)}${'A'.repeat(26)}${revoked.slice(-6)}`, WHERE); // wrong secret: nothing
    clock.advance(DAY);
    await verifier.verify(expiring, { ip: '198.51.100.2' });
    expect(types()).to.deep.equal(['created:cli', 'created:cli', 'revoked:owner', 'refused_revoked:self', 'refused_expired:self']);
    expect(events[4]).to.not.have.property('userAgent');
    expect(events[4]).to.include({ ip: '198.51.100.2' });
  });

  it('reports rotation on the old token and creation on the new one, with the caller as actor', async () => {
    const { issuer, mint, events } = setup();
    const old = await mint();
    const next = await issuer.rotate('u1', old.slice(4, 14), {}, { actor: 'self', ...WHERE });
    expect(events.slice(1).map((e) => [e.type, e.tokenId, e.actor])).to.deep.equal([
      ['rotated', old.slice(4, 14), 'self'],
      ['created', next.info.id, 'self'],
    ]);
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

  it('keeps working when the listener throws', async () => {
    const store = new MemoryTokenStore();
    const errors: unknown[] = [];
    const onEvent = () => {
      throw new Error('audit log down');
    };
    const verifier = new TokenVerifier({ store, pepper: PEPPER, onEvent, onError: (error) => void errors.push(error) });
    const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['streams:read'], onEvent });
    const original = console.error;
    console.error = () => {};
    try {
      const { token } = await issuer.create({ ownerId: 'u1', name: 'x', scopes: ['streams:read'] });
      expect((await verifier.verify(token)).ok).to.equal(true);
    } finally {
      console.error = original;
    }
    expect(errors).to.have.length(1);
  });

  it('refuses an onEvent that is not a function when constructed', () => {
    expect(() => new TokenVerifier({ store: new MemoryTokenStore(), pepper: PEPPER, onEvent: 'log' as never })).to.throw(/`onEvent` must be a function/);
  });

  for (const mode of ['authenticate', 'passport'] as const) {
    it(`gets the client's address and user agent from the request (${mode})`, async () => {
      const { verifier, mint, events } = setup();
      const token = await mint();
      const app = express();
      if (mode === 'authenticate') app.use(authenticate(verifier));
      else {
        const instance = new passport.Passport();
        instance.use(new BearerTokenStrategy(verifier));
        app.use(instance.initialize(), instance.authenticate('bearer', { session: false }));
      }
      app.get('/', (_req, res) => res.json({ ok: true }));
      await request(app).get('/').set('Authorization', `Bearer ${token}`).set('User-Agent', 'curl/8.5').expect(200);
      expect(events.at(-1)).to.deep.include({ type: 'first_used', userAgent: 'curl/8.5' });
      expect(events.at(-1)?.ip).to.match(/127\.0\.0\.1|::1/);
    });
  }
});
