import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import passport from 'passport';
import request from 'supertest';
import { expect } from 'chai';
import {
  authenticate,
  BearerTokenStrategy,
  generateToken,
  patAuthInfo,
  patgateErrorHandler,
  requireAnyScope,
  requireScopes,
  TokenIssuer,
  TokenVerifier,
  type AuthenticateOptions,
  type PatUser,
} from '../src/index.js';
import { assembleToken } from '../src/token-format.js';
import { expectFailsWith, PEPPER, RecordingStore, TestClock } from './helpers.js';

const SCOPES = ['streams:read', 'streams:write', 'profile:read'];
const BARE = 'Bearer realm="patgate"';
const INVALID = 'Bearer realm="patgate", error="invalid_token", error_description="The access token is invalid"';
const invalidRequest = (d: string) => `Bearer realm="patgate", error="invalid_request", error_description="${d}"`;

type Mode = 'passport' | 'authenticate';

function makeApp(mode: Mode, options: AuthenticateOptions<PatUser> = {}) {
  const clock = new TestClock();
  const store = new RecordingStore();
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES, now: clock.now, verifier });
  const app: Express = express();
  app.use(express.urlencoded({ extended: false }));
  if (mode === 'passport') {
    const instance = new passport.Passport();
    instance.use(new BearerTokenStrategy(verifier, options));
    app.use(instance.initialize());
    app.use('/api', instance.authenticate('bearer', { session: false, failWithError: true }));
  } else {
    app.use('/api', authenticate(verifier, options));
  }
  const echo: express.RequestHandler = (req, res) => {
    res.json({ user: req.user, scopes: patAuthInfo(req)?.scopes, tokenId: patAuthInfo(req)?.tokenId });
  };
  app.get('/api/streams', requireScopes('streams:read'), echo);
  app.post('/api/streams', requireScopes('streams:read', 'streams:write'), echo);
  app.get('/api/either', requireAnyScope('profile:read', 'streams:read'), echo);
  app.get('/api/symbols', (req, res) => {
    const symbols = Object.getOwnPropertySymbols(req).filter((s) => Object.getOwnPropertyDescriptor(req, s)?.enumerable);
    res.json(symbols.map(String));
  });
  app.get('/api/own-symbols', (req, res) => void res.json(Object.getOwnPropertySymbols(req).map(String)));
  app.use(patgateErrorHandler());
  return { app, clock, store, issuer };
}

for (const mode of ['passport', 'authenticate'] as const) {
  describe(`HTTP through ${mode === 'passport' ? 'BearerTokenStrategy' : 'authenticate()'}`, () => {
    let ctx: ReturnType<typeof makeApp>;
    let token: string;
    let tokenId: string;

    beforeEach(async () => {
      ctx = makeApp(mode);
      const issued = await ctx.issuer.create({ ownerId: 'u1', name: 'script', scopes: ['streams:read'], lifespanMs: 86_400_000 });
      token = issued.token;
      tokenId = issued.info.id;
      ctx.store.calls = [];
    });

    it('accepts a valid token and sets req.user and req.authInfo', async () => {
      const res = await request(ctx.app).get('/api/streams').set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ user: { id: 'u1' }, scopes: ['streams:read'], tokenId });
    });

    it('no token: 401 with a bare challenge', async () => {
      expectFailsWith(await request(ctx.app).get('/api/streams'), 401, BARE, 'token_required');
    });

    it('another scheme counts as no token', async () => {
      expectFailsWith(await request(ctx.app).get('/api/streams').set('Authorization', 'Basic dTpw'), 401, BARE, 'token_required');
    });

    it('malformed header: 400 invalid_request', async () => {
      for (const header of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer tok"en', 'Bearer\ttoken']) {
        const res = await request(ctx.app).get('/api/streams').set('Authorization', header);
        expectFailsWith(res, 400, invalidRequest('The Authorization header is malformed: expected \\"Bearer <token>\\"'), 'invalid_request');
      }
    });

    it('accepts a lower-case scheme and extra spaces', async () => {
      for (const header of [`bearer ${token}`, `BEARER ${token}`, `Bearer    ${token}`]) {
        expect((await request(ctx.app).get('/api/streams').set('Authorization', header)).status, header).to.equal(200);
      }
    });

    it('refuses a query-string token by default', async () => {
      const res = await request(ctx.app).get('/api/streams').query({ access_token: token });
      expectFailsWith(res, 401, BARE, 'token_required');
    });

    it('accepts query and form-body tokens when switched on', async () => {
      const app = makeApp(mode, { allowQuery: true, allowBody: true });
      const { token: t } = await app.issuer.create({ ownerId: 'u2', name: 'q', scopes: ['streams:read', 'streams:write'] });
      expect((await request(app.app).get('/api/streams').query({ access_token: t })).status).to.equal(200);
      const res = await request(app.app).post('/api/streams').type('form').send({ access_token: t });
      expect(res.status).to.equal(200);
    });

    it('two locations at once: 400 invalid_request', async () => {
      const app = makeApp(mode, { allowQuery: true });
      const { token: t } = await app.issuer.create({ ownerId: 'u2', name: 'q', scopes: ['streams:read'] });
      const res = await request(app.app).get('/api/streams').query({ access_token: t }).set('Authorization', `Bearer ${t}`);
      expectFailsWith(res, 400, invalidRequest('The token must be sent in exactly one place, not several'), 'invalid_request');
    });

    it('unknown id: 401 invalid_token', async () => {
      const res = await request(ctx.app).get('/api/streams').set('Authorization', `Bearer ${generateToken().token}`);
      expectFailsWith(res, 401, INVALID, 'invalid_token');
    });

    it('bad checksum: 401 invalid_token without a store call', async () => {
      const last = token.at(-1) === 'A' ? 'B' : 'A';
      const res = await request(ctx.app).get('/api/streams').set('Authorization', `Bearer ${token.slice(0, -1)}${last}`);
      expectFailsWith(res, 401, INVALID, 'invalid_token');
      expect(ctx.store.calls).to.deep.equal([]);
    });

    it('wrong secret: 401 with the same description as unknown', async () => {
      const forged = assembleToken('pat', tokenId, generateToken().secret);
      expectFailsWith(await request(ctx.app).get('/api/streams').set('Authorization', `Bearer ${forged}`), 401, INVALID, 'invalid_token');
    });

    it('revoked: 401 saying revoked', async () => {
      await ctx.issuer.revoke('u1', tokenId);
      const res = await request(ctx.app).get('/api/streams').set('Authorization', `Bearer ${token}`);
      expectFailsWith(res, 401, 'Bearer realm="patgate", error="invalid_token", error_description="The access token has been revoked"', 'invalid_token');
    });

    it('expired (injected clock): 401 saying expired', async () => {
      ctx.clock.advance(86_400_000 - 1);
      expect((await request(ctx.app).get('/api/streams').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
      ctx.clock.advance(1);
      const res = await request(ctx.app).get('/api/streams').set('Authorization', `Bearer ${token}`);
      expectFailsWith(res, 401, 'Bearer realm="patgate", error="invalid_token", error_description="The access token has expired"', 'invalid_token');
    });

    it('missing scope: 403 naming every required scope', async () => {
      const res = await request(ctx.app).post('/api/streams').set('Authorization', `Bearer ${token}`);
      expectFailsWith(
        res,
        403,
        'Bearer realm="patgate", error="insufficient_scope", error_description="This action needs the scopes streams:read, streams:write", scope="streams:read streams:write"',
        'insufficient_scope',
      );
    });

    it('requireAnyScope passes with one of several', async () => {
      expect((await request(ctx.app).get('/api/either').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
      const { token: none } = await ctx.issuer.create({ ownerId: 'u1', name: 'w', scopes: ['streams:write'] });
      const res = await request(ctx.app).get('/api/either').set('Authorization', `Bearer ${none}`);
      expectFailsWith(
        res,
        403,
        'Bearer realm="patgate", error="insufficient_scope", error_description="This action needs one of the scopes profile:read, streams:read", scope="profile:read streams:read"',
        'insufficient_scope',
      );
    });

    it('passThrough lets a request without a token reach the guard, which answers 401', async () => {
      const app = makeApp(mode, { passThrough: true });
      expectFailsWith(await request(app.app).get('/api/streams'), 401, BARE, 'token_required');
    });

    it('a custom realm reaches the guard: 401 under passThrough', async () => {
      const app = makeApp(mode, { realm: 'acme', passThrough: true });
      expectFailsWith(await request(app.app).get('/api/streams'), 401, 'Bearer realm="acme"', 'token_required');
      expectFailsWith(await request(app.app).get('/api/either'), 401, 'Bearer realm="acme"', 'token_required');
    });

    it('a custom realm reaches the guard: 403 for a missing scope', async () => {
      const app = makeApp(mode, { realm: 'acme' });
      const { token: t } = await app.issuer.create({ ownerId: 'u2', name: 'w', scopes: ['streams:write'] });
      const res = await request(app.app).post('/api/streams').set('Authorization', `Bearer ${t}`);
      expectFailsWith(
        res,
        403,
        'Bearer realm="acme", error="insufficient_scope", error_description="This action needs the scopes streams:read, streams:write", scope="streams:read streams:write"',
        'insufficient_scope',
      );
      const either = await request(app.app).get('/api/either').set('Authorization', `Bearer ${t}`);
      expect(either.status).to.equal(403);
      expect(either.headers['www-authenticate']).to.match(/^Bearer realm="acme", error="insufficient_scope"/);
    });

    it('the realm it records on the request is not enumerable', async () => {
      const app = makeApp(mode, { realm: 'acme' });
      const { token: t } = await app.issuer.create({ ownerId: 'u2', name: 's', scopes: ['streams:read'] });
      const res = await request(app.app).get('/api/symbols').set('Authorization', `Bearer ${t}`);
      expect(res.status).to.equal(200);
      expect(res.body.filter((s: string) => s.includes('patgate'))).to.deep.equal([]);
    });

    it('records no realm on the request when it is the default one', async () => {
      const res = await request(ctx.app).get('/api/symbols').set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      const all = await request(ctx.app).get('/api/own-symbols').set('Authorization', `Bearer ${token}`);
      expect(all.body.filter((s: string) => s.includes('patgate'))).to.deep.equal([]);
    });

    it('writes last-used once for 1,000 requests inside one interval', async () => {
      const server = ctx.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        for (let i = 0; i < 1000; i++) {
          const res = await fetch(`http://127.0.0.1:${port}/api/streams`, { headers: { Authorization: `Bearer ${token}` } });
          expect(res.status).to.equal(200);
          await res.arrayBuffer();
          ctx.clock.advance(50); // 1,000 requests over 50 s: inside the default 60 s interval
        }
      } finally {
        server.close();
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(ctx.store.count('findById')).to.equal(1000);
      expect(ctx.store.count('touch:')).to.equal(1);
      expect(ctx.store.findById(tokenId)?.lastUsedAt?.getTime()).to.be.a('number');
    });

    it('a custom realm appears in every challenge', async () => {
      const app = makeApp(mode, { realm: 'acme' });
      const res = await request(app.app).get('/api/streams').set('Authorization', `Bearer ${generateToken().token}`);
      expectFailsWith(res, 401, INVALID.replace('patgate', 'acme'), 'invalid_token');
    });
  });
}

describe('a guard with no authentication before it', () => {
  it("answers 401 with the default realm 'patgate'", async () => {
    const app = express();
    app.get('/', requireScopes('streams:read'), (_req, res) => res.send('ok'));
    app.use(patgateErrorHandler());
    expectFailsWith(await request(app).get('/'), 401, BARE, 'token_required');
  });
});

describe('without a JSON error handler', () => {
  it("Express's default handler still sends the status and WWW-Authenticate header", async () => {
    const store = new RecordingStore();
    const app = express();
    app.set('env', 'test'); // keeps finalhandler from printing the expected error
    app.use(authenticate(new TokenVerifier({ store, pepper: PEPPER })));
    app.get('/', (_req, res) => res.send('ok'));
    const res = await request(app).get('/').set('Authorization', `Bearer ${generateToken().token}`);
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal(INVALID);
  });
});

describe('the request path without a promise', () => {
  async function setup() {
    const store = new RecordingStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER });
    const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES });
    const { token } = await issuer.create({ ownerId: 'u1', name: 'script', scopes: ['streams:read'] });
    return { store, verifier, token };
  }
  /** A stub request that counts reads of `ip` (Express's getter runs the trust-proxy rules each time). */
  function stubRequest(authorization: string) {
    const reads = { ip: 0 };
    const req = {
      headers: { authorization, 'user-agent': 'test' },
      get ip() {
        reads.ip++;
        return '127.0.0.1';
      },
    };
    return { req, reads };
  }

  it('authenticate() answers before it returns when the store is synchronous, and reads req.ip only for an event or the last-use write', async () => {
    const { verifier, token } = await setup();
    const middleware = authenticate(verifier);
    // The first use writes last-used with the address, once per touch interval; later uses read no address.
    const first = stubRequest(`Bearer ${token}`);
    middleware(first.req as never, {} as never, () => undefined);
    expect(first.reads.ip).to.be.greaterThan(0);
    for (const value of [token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, generateToken().token]) {
      const { req, reads } = stubRequest(`Bearer ${value}`);
      const seen: unknown[] = [];
      middleware(req as never, {} as never, (error?: unknown) => void seen.push(error ?? 'next'));
      expect(seen, value).to.have.length(1);
      expect(reads.ip).to.equal(0);
    }
  });

  it('BearerTokenStrategy answers before it returns too', async () => {
    const { verifier, token } = await setup();
    const strategy = Object.create(new BearerTokenStrategy(verifier)) as BearerTokenStrategy & { success: (u: unknown) => void };
    const seen: unknown[] = [];
    strategy.success = (user) => void seen.push(user);
    strategy.authenticate(stubRequest(`Bearer ${token}`).req as never);
    expect(seen).to.deep.equal([{ id: 'u1' }]);
  });

  it('waits for a store that answers with a promise, and passes its failure on as next(err)', async () => {
    const { store, token } = await setup();
    const slow = {
      insert: (t: Parameters<typeof store.insert>[0]) => store.insert(t),
      findById: async (id: string) => store.findById(id),
      listByOwner: (owner: string) => store.listByOwner(owner),
      revoke: (id: string, at: Date) => store.revoke(id, at),
      touch: (id: string, at: Date) => store.touch(id, at),
    };
    const ok = await new Promise<unknown>((resolve) => authenticate(new TokenVerifier({ store: slow, pepper: PEPPER }))(stubRequest(`Bearer ${token}`).req as never, {} as never, resolve));
    expect(ok).to.equal(undefined);
    const broken = { ...slow, findById: () => { throw new Error('store down'); } };
    const failed = await new Promise<unknown>((resolve) => authenticate(new TokenVerifier({ store: broken, pepper: PEPPER }))(stubRequest(`Bearer ${token}`).req as never, {} as never, resolve));
    expect((failed as Error).message).to.equal('store down');
  });

  it('hands every request on a cached record the same frozen scopes, never the stored array', async () => {
    const store = new RecordingStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER, cacheTtlMs: 60_000 });
    const { token } = await new TokenIssuer({ store, pepper: PEPPER, scopes: SCOPES }).create({ ownerId: 'u1', name: 's', scopes: ['streams:read'] });
    const [one, two] = [await verifier.verify(token), await verifier.verify(token)];
    if (!one.ok || !two.ok) throw new Error('expected success');
    expect(one.info.scopes).to.equal(two.info.scopes);
    expect(Object.isFrozen(one.info.scopes)).to.equal(true);
    expect(one.info.scopes).not.to.equal(one.token.scopes);
    expect(one.info).not.to.equal(two.info);
  });
});

