import express from 'express';
import request from 'supertest';
import { expect } from 'chai';
import { authenticate, patgateErrorHandler, TokenIssuer, TokenVerifier, type TokenEvent } from '../src/index.js';
import { PEPPER, RecordingStore, TestClock } from './helpers.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(onEvent: (event: TokenEvent) => unknown = () => {}) {
  const clock = new TestClock();
  const store = new RecordingStore();
  const events: TokenEvent[] = [];
  const errors: { error: unknown; operation: string; tokenId?: string | undefined }[] = [];
  const listener = (event: TokenEvent) => {
    events.push(event);
    return onEvent(event) as void;
  };
  const onError = (error: unknown, context: { operation: string; tokenId?: string }) => errors.push({ error, ...context });
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now, onEvent: listener, onError });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read', 'a:write'], now: clock.now, verifier, onEvent: listener, onError });
  const app = express();
  app.set('trust proxy', true);
  app.get('/', authenticate(verifier), (_req, res) => res.send('ok'));
  app.use(patgateErrorHandler());
  return { clock, store, verifier, issuer, events, errors, app };
}

describe('token events (onEvent)', () => {
  it('issuer: created, revoked and rotated carry the actor and the request context; never a secret', async () => {
    const { issuer, events, clock } = setup();
    const context = { actor: 'owner' as const, ip: '203.0.113.7', userAgent: 'curl/8' };
    const { token, info } = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['a:read'] }, context);
    clock.advance(1000);
    const rotated = await issuer.rotate('u1', info.id, {}, { actor: 'self' });
    clock.advance(1000);
    expect(await issuer.revoke('u1', rotated.info.id, { actor: 'cli' })).to.equal(true);
    expect(await issuer.revoke('u1', rotated.info.id, { actor: 'cli' })).to.equal(false);
    await settle();
    const start = Date.UTC(2026, 5, 1);
    expect(events).to.deep.equal([
      { type: 'created', tokenId: info.id, ownerId: 'u1', at: new Date(start), actor: 'owner', ip: '203.0.113.7', userAgent: 'curl/8', url: undefined },
      { type: 'rotated', tokenId: info.id, ownerId: 'u1', at: new Date(start + 1000), actor: 'self', ip: undefined, userAgent: undefined, url: undefined, successorId: rotated.info.id },
      { type: 'created', tokenId: rotated.info.id, ownerId: 'u1', at: new Date(start + 1000), actor: 'self', ip: undefined, userAgent: undefined, url: undefined },
      { type: 'revoked', tokenId: rotated.info.id, ownerId: 'u1', at: new Date(start + 2000), actor: 'cli', ip: undefined, userAgent: undefined, url: undefined },
    ]);
    expect(JSON.stringify(events)).not.to.include(token.slice(4));
  });

  it('verifier: first_used once for a token never used, with req.ip and the user agent', async () => {
    const { issuer, events, app } = setup();
    const { token, info } = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['a:read'] });
    events.length = 0;
    for (let i = 0; i < 3; i++) {
      expect((await request(app).get('/').set('Authorization', `Bearer ${token}`).set('User-Agent', 'script/1').set('X-Forwarded-For', '198.51.100.4')).status).to.equal(200);
    }
    await settle();
    expect(events).to.deep.equal([
      { type: 'first_used', tokenId: info.id, ownerId: 'u1', at: new Date(Date.UTC(2026, 5, 1)), actor: undefined, ip: '198.51.100.4', userAgent: 'script/1' },
    ]);
  });

  it('verifier: no first_used for a token used before (lastUsedAt set)', async () => {
    const { issuer, store, verifier, events } = setup();
    const { token, info } = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['a:read'] });
    await store.touch(info.id, new Date());
    events.length = 0;
    expect((await verifier.verify(token)).ok).to.equal(true);
    await settle();
    expect(events).to.deep.equal([]);
  });

  it('verifier: refused_revoked and refused_expired only once the secret matched', async () => {
    const { issuer, verifier, events, clock } = setup();
    const revoked = await issuer.create({ ownerId: 'u1', name: 'r', scopes: ['a:read'] });
    const expiring = await issuer.create({ ownerId: 'u1', name: 'e', scopes: ['a:read'], lifespanMs: 1000 });
    await issuer.revoke('u1', revoked.info.id);
    clock.advance(1000);
    events.length = 0;
    const forged = revoked.token.slice(0, 14) + (revoked.token[14] === 'A' ? 'B' : 'A') + revoked.token.slice(15);
    await verifier.verify(forged, { ip: '192.0.2.1' });
    await verifier.verify(revoked.token, { ip: '192.0.2.1', userAgent: 'ua' });
    await verifier.verify(expiring.token);
    await settle();
    expect(events.map((e) => [e.type, e.tokenId, e.ip])).to.deep.equal([
      ['refused_revoked', revoked.info.id, '192.0.2.1'],
      ['refused_expired', expiring.info.id, undefined],
    ]);
  });

  for (const [label, listener] of [
    ['throws', () => { throw new Error('listener broke'); }],
    ['rejects', async () => { throw new Error('listener broke'); }],
  ] as const) {
    it(`a listener that ${label} never breaks a request or a call; onError hears of it`, async () => {
      const { issuer, errors, app } = setup(listener);
      const { token, info } = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['a:read'] });
      expect((await request(app).get('/').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
      expect(await issuer.revoke('u1', info.id)).to.equal(true);
      await settle();
      expect(errors.map((e) => [e.operation, e.tokenId, (e.error as Error).message])).to.deep.equal([
        ['event', info.id, 'listener broke'],
        ['event', info.id, 'listener broke'],
        ['event', info.id, 'listener broke'],
      ]);
    });
  }

  it('a failing invalidation leaves the revocation standing, and rotate still hands out the successor', async () => {
    const clock = new TestClock();
    const store = new RecordingStore();
    const errors: string[] = [];
    const issuer = new TokenIssuer({
      store, pepper: PEPPER, scopes: ['a:read'], now: clock.now,
      verifier: { invalidate: async () => { throw new Error('redis down'); } },
      onError: (error, context) => errors.push(`${context.operation}:${(error as Error).message}`),
    });
    const { info } = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['a:read'] });
    const next = await issuer.rotate('u1', info.id);
    expect((await store.findById(info.id))?.revokedAt).to.be.instanceOf(Date);
    expect(await issuer.revoke('u1', next.info.id)).to.equal(true);
    expect(errors).to.deep.equal(['invalidate:redis down', 'invalidate:redis down']);
  });

  it('onEvent and onError must be functions', () => {
    const store = new RecordingStore();
    expect(() => new TokenVerifier({ store, pepper: PEPPER, onEvent: 'log' as never })).to.throw('`onEvent` must be a function');
    expect(() => new TokenIssuer({ store, pepper: PEPPER, scopes: ['a'], onError: 1 as never })).to.throw('`onError` must be a function');
  });
});
