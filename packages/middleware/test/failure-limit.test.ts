import express, { type Express } from 'express';
import passport from 'passport';
import request from 'supertest';
import { expect } from 'chai';
import {
  authenticate,
  BearerTokenStrategy,
  generateToken,
  MemoryFailureLimiter,
  patgateErrorHandler,
  TokenIssuer,
  TokenVerifier,
  TooManyFailuresError,
  type AuthenticateOptions,
} from '../src/index.js';
import { PEPPER, RecordingStore, TestClock } from './helpers.js';

const LIMIT = 5;

async function setup(mode: 'passport' | 'authenticate', extra: Pick<AuthenticateOptions, 'failureKey'> = {}) {
  const clock = new TestClock();
  const store = new RecordingStore();
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'], now: clock.now });
  const failureLimiter = new MemoryFailureLimiter({ limit: LIMIT, windowMs: 60_000, now: clock.now });
  const options = { failureLimiter, ...extra };
  const app: Express = express();
  app.set('trust proxy', 'loopback');
  if (mode === 'passport') {
    const instance = new passport.Passport();
    instance.use(new BearerTokenStrategy(verifier, options));
    app.use(instance.initialize(), instance.authenticate('bearer', { session: false, failWithError: true }));
  } else {
    app.use(authenticate(verifier, options));
  }
  app.get('/', (_req, res) => res.json({ ok: true }));
  app.use(patgateErrorHandler());
  const { token } = await issuer.create({ ownerId: 'u1', name: 'real', scopes: ['a:read'] });
  const from = (address: string, value: string) => request(app).get('/').set('X-Forwarded-For', address).set('Authorization', `Bearer ${value}`);
  return { app, clock, store, token, from };
}

for (const mode of ['passport', 'authenticate'] as const) {
  describe(`failure limiter through ${mode === 'passport' ? 'BearerTokenStrategy' : 'authenticate()'}`, () => {
    it('refuses an address with 429 too_many_failures and Retry-After after the limit, before any lookup', async () => {
      const { store, token, from } = await setup(mode);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await from('203.0.113.7', generateToken('pat').token);
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.body).to.have.nested.property('error.code', 'too_many_failures');
          expect(Number(res.headers['retry-after'])).to.be.within(1, 60);
        }
      }
      expect(statuses).to.deep.equal([...Array(LIMIT).fill(401), ...Array(20 - LIMIT).fill(429)]);
      expect(store.count('findById'), 'store lookups').to.equal(LIMIT);
      // Another address with the real token is not affected.
      expect((await from('198.51.100.9', token)).status).to.equal(200);
    });

    it('counts only failures: valid requests never use up the budget', async () => {
      const { token, from } = await setup(mode);
      for (let i = 0; i < 3 * LIMIT; i++) expect((await from('203.0.113.7', token)).status).to.equal(200);
      for (let i = 0; i < LIMIT; i++) expect((await from('203.0.113.7', generateToken('pat').token)).status).to.equal(401);
      expect((await from('203.0.113.7', generateToken('pat').token)).status).to.equal(429);
    });

    it('lets no burst of concurrent forged tokens past the limit', async () => {
      const { store, from } = await setup(mode);
      const answers = await Promise.all(Array.from({ length: 40 }, () => from('203.0.113.7', generateToken('pat').token)));
      expect(answers.filter((res) => res.status === 401)).to.have.length(LIMIT);
      expect(answers.filter((res) => res.status === 429)).to.have.length(40 - LIMIT);
      expect(store.count('findById')).to.equal(LIMIT);
    });

    it('opens again after the window', async () => {
      const { clock, from } = await setup(mode);
      for (let i = 0; i <= LIMIT; i++) await from('203.0.113.7', 'pat_x');
      expect((await from('203.0.113.7', generateToken('pat').token)).status).to.equal(429);
      clock.advance(60_001);
      expect((await from('203.0.113.7', generateToken('pat').token)).status).to.equal(401);
    });

    it('uses failureKey when given', async () => {
      const { from } = await setup(mode, { failureKey: () => 'everyone' });
      for (let i = 0; i < LIMIT; i++) await from(`203.0.113.${i}`, generateToken('pat').token);
      expect((await from('198.51.100.1', generateToken('pat').token)).status).to.equal(429);
    });
  });
}

describe('failure limiter options', () => {
  const verifier = new TokenVerifier({ store: new RecordingStore(), pepper: PEPPER });
  it('answers synchronously in memory: authenticate() calls next before it returns, and refunds a good token at once', async () => {
    const store = new RecordingStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, cacheTtlMs: 60_000 });
    const { token } = await new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] }).create({ ownerId: 'u1', name: 'real', scopes: ['a:read'] });
    const failureLimiter = new MemoryFailureLimiter({ limit: 1 });
    const middleware = authenticate(verifier, { failureLimiter, failureKey: () => 'one' });
    const run = (value: string) => {
      let passed: unknown = 'not called';
      middleware({ headers: { authorization: `Bearer ${value}` } } as never, {} as never, ((error?: unknown) => (passed = error)) as never);
      return passed;
    };
    await verifier.verify(token); // fills the cache, so the store answers nothing below
    for (let i = 0; i < 3; i++) expect(run(token), `good token, time ${i + 1}`).to.equal(undefined);
    const forged = generateToken().token;
    expect(run(forged)).to.have.property('code', 'invalid_token');
    expect(run(forged)).to.be.instanceOf(TooManyFailuresError);
  });

  it('is off by default, and checked at construction', () => {
    expect(() => authenticate(verifier, { failureLimiter: {} as never })).to.throw(TypeError, /consume\(key\) and refund\(key\)/);
    expect(() => authenticate(verifier, { failureKey: () => 'x' })).to.throw(TypeError, /needs `failureLimiter`/);
    expect(() => new MemoryFailureLimiter({ limit: 0 })).to.throw(TypeError, /limit/);
  });

  it('MemoryFailureLimiter keeps at most maxKeys windows', () => {
    const limiter = new MemoryFailureLimiter({ limit: 1, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) limiter.consume(key);
    // 'a' was evicted, so it starts a fresh window.
    expect(limiter.consume('a').allowed).to.equal(true);
    expect(limiter.consume('d').allowed).to.equal(false);
  });

  it('TooManyFailuresError carries 429 and Retry-After', () => {
    const error = new TooManyFailuresError(12.2);
    expect(error.status).to.equal(429);
    expect(error.headers).to.deep.equal({ 'Retry-After': '13' });
  });
});
