import { expect } from 'chai';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import type ExpressModule from 'express';
import request from 'supertest';
import { consumer, requireFrom } from './helpers/consumers.js';

// Real Passport apps (0.6 and 0.7, Express 5) with patgate from the packed tarball beside the strategies
// teams already run: anonymous, HTTP Basic and a JWT bearer strategy.

import type * as PatgateModule from '@patgate/middleware';

type Patgate = typeof PatgateModule;
import type * as PassportTypes from 'passport';

type PassportModule = typeof PassportTypes;

const PEPPER = 'passport-apps-pepper-0123456789abcdef01234';
const JWT_SECRET = 'jwt-secret-for-tests-only';
const BARE = 'Bearer realm="patgate"';
const INVALID = 'Bearer realm="patgate", error="invalid_token", error_description="The access token is invalid"';
const BASIC = 'Basic realm="Users"';

for (const passportPackage of ['passport06', 'passport'] as const) {
  describe(`Passport ${passportPackage === 'passport06' ? '0.6' : '0.7'} apps with patgate beside other strategies (packed tarball)`, function () {
    this.timeout(600_000);
    let load: NodeJS.Require;
    let patgate: Patgate;
    let token: string;
    let jwt: string;
    let makeApp: (setup: (passport: InstanceType<PassportModule['Passport']>, app: Express) => void) => Express;

    before(async () => {
      load = requireFrom(await consumer('express5'));
      patgate = load('@patgate/middleware') as Patgate;
      expect((load(`${passportPackage}/package.json`) as { version: string }).version).to.match(passportPackage === 'passport06' ? /^0\.6\./ : /^0\.7\./);
      const express = load('express') as typeof ExpressModule;
      const { Passport } = load(passportPackage) as PassportModule;
      const { Strategy: AnonymousStrategy } = load('passport-anonymous') as { Strategy: new () => object };
      const { BasicStrategy } = load('passport-http') as {
        BasicStrategy: new (verify: (user: string, password: string, done: (err: unknown, user?: unknown) => void) => void) => object;
      };
      const { Strategy: JwtStrategy, ExtractJwt } = load('passport-jwt') as {
        Strategy: new (options: object, verify: (payload: { sub: string }, done: (err: unknown, user?: unknown) => void) => void) => object;
        ExtractJwt: { fromAuthHeaderAsBearerToken(): unknown };
      };
      jwt = (load('jsonwebtoken') as { sign(payload: object, secret: string): string }).sign({ sub: 'jay' }, JWT_SECRET);

      const store = new patgate.MemoryTokenStore();
      const verifier = new patgate.TokenVerifier({ store, pepper: PEPPER });
      const issuer = new patgate.TokenIssuer({ store, pepper: PEPPER, scopes: ['read'] });
      ({ token } = await issuer.create({ ownerId: 'u1', name: 'passport apps', scopes: ['read'] }));

      makeApp = (setup) => {
        const passport = new Passport();
        passport.use(new patgate.BearerTokenStrategy(verifier));
        passport.use(new patgate.BearerTokenStrategy(verifier, { name: 'bearer-optional', passThrough: true }));
        passport.use(new patgate.BearerTokenStrategy(verifier, { name: 'bearer-not-u1', validate: (_req, user) => ((user as { id: string }).id === 'u1' ? false : user) }));
        passport.use(new AnonymousStrategy() as never);
        passport.use(new BasicStrategy((user, password, done) => done(null, user === 'alice' && password === 'secret' ? { id: 'alice' } : false)) as never);
        passport.use(
          new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: JWT_SECRET }, (payload, done) =>
            done(null, { id: payload.sub, via: 'jwt' }),
          ) as never,
        );
        const app = express();
        app.use(passport.initialize());
        setup(passport, app);
        app.use(patgate.patgateErrorHandler());
        return app;
      };
    });

    const who: RequestHandler = (req, res) => {
      res.json({ user: req.user ?? null, tokenId: patgate.patAuthInfo(req)?.tokenId ?? null });
    };
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

    it("['bearer', 'anonymous'] with no token runs anonymous; with a token authenticates", async () => {
      const app = makeApp((p, a) => a.get('/', p.authenticate(['bearer', 'anonymous'], { session: false }), who));
      expect((await request(app).get('/').expect(200)).body).to.deep.equal({ user: null, tokenId: null });
      expect((await request(app).get('/').set('Authorization', `Bearer ${token}`).expect(200)).body.user).to.deep.equal({ id: 'u1' });
    });

    it("['bearer', 'basic'] with Basic credentials authenticates as the Basic user", async () => {
      const app = makeApp((p, a) => a.get('/', p.authenticate(['bearer', 'basic'], { session: false }), who));
      expect((await request(app).get('/').set('Authorization', basic('alice', 'secret')).expect(200)).body).to.deep.equal({ user: { id: 'alice' }, tokenId: null });
    });

    it("['bearer' with passThrough, 'basic'] with Basic credentials still reaches Basic", async () => {
      const app = makeApp((p, a) => a.get('/', p.authenticate(['bearer-optional', 'basic'], { session: false }), who));
      expect((await request(app).get('/').set('Authorization', basic('alice', 'secret')).expect(200)).body.user).to.deep.equal({ id: 'alice' });
    });

    it("['bearer', 'basic'] with a bad bearer token is 401 with patgate's challenge (and Basic's)", async () => {
      const app = makeApp((p, a) => a.get('/', p.authenticate(['bearer', 'basic'], { session: false }), who));
      const res = await request(app).get('/').set('Authorization', 'Bearer pat_not-a-real-token');
      expect(res.status).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal(`${INVALID}, ${BASIC}`);
    });

    for (const chain of [['jwt', 'bearer'], ['bearer', 'jwt']]) {
      it(`[${chain.map((s) => `'${s}'`).join(', ')}]: each token reaches its own strategy`, async () => {
        const app = makeApp((p, a) => a.get('/', p.authenticate(chain, { session: false, failWithError: true }), who));
        expect((await request(app).get('/').set('Authorization', `Bearer ${jwt}`).expect(200)).body).to.deep.equal({ user: { id: 'jay', via: 'jwt' }, tokenId: null });
        const pat = await request(app).get('/').set('Authorization', `Bearer ${token}`).expect(200);
        expect(pat.body.user).to.deep.equal({ id: 'u1' });
        expect(pat.body.tokenId).to.be.a('string');
        const neither = await request(app).get('/').set('Authorization', 'Bearer neither.of.them');
        expect(neither.status).to.equal(401);
        expect(neither.headers['www-authenticate']).to.equal(INVALID);
        expect(neither.body).to.have.nested.property('error.code', 'invalid_token');
      });
    }

    it('failureRedirect gives 302 to the login page', async () => {
      const app = makeApp((p, a) => a.get('/', p.authenticate('bearer', { session: false, failureRedirect: '/login' }), who));
      await request(app).get('/').expect(302).expect('Location', '/login');
      await request(app).get('/').set('Authorization', 'Bearer pat_wrong').expect(302).expect('Location', '/login');
    });

    it('a custom callback receives (null, false, challenge, status) and the refusal through requestFailure', async () => {
      const app = makeApp((p, a) =>
        a.get('/', (req, res, next) =>
          (p.authenticate('bearer', { session: false }, (err: unknown, user: unknown, info: unknown, status: unknown) => {
            res.json({ err: err ?? null, user, info, status, failure: patgate.requestFailure(req)?.code ?? null });
          }) as RequestHandler)(req, res, next),
        ),
      );
      expect((await request(app).get('/')).body).to.deep.equal({ err: null, user: false, info: BARE, status: 401, failure: 'token_required' });
      expect((await request(app).get('/').set('Authorization', 'Bearer pat_wrong')).body).to.deep.equal({
        err: null,
        user: false,
        info: INVALID,
        status: 401,
        failure: 'invalid_token',
      });
    });

    it('failWithError reaches the error handler with the status; patgateErrorHandler answers the JSON body', async () => {
      const seen: unknown[] = [];
      const record: ErrorRequestHandler = (err: { name: string; status: number }, _req, _res, next) => {
        seen.push({ name: err.name, status: err.status });
        next(err);
      };
      const app = makeApp((p, a) => {
        a.get('/', p.authenticate('bearer', { session: false, failWithError: true }), who);
        a.get('/either', p.authenticate(['bearer', 'basic'], { session: false, failWithError: true }), who);
        a.use(record);
      });
      const res = await request(app).get('/').expect(401);
      expect(seen).to.deep.equal([{ name: 'AuthenticationError', status: 401 }]);
      expect(res.headers['www-authenticate']).to.equal(BARE);
      expect(res.body).to.deep.equal({ error: { code: 'token_required', message: 'A bearer token is required' } });
      const malformed = await request(app).get('/').set('Authorization', 'Bearer a b').expect(400);
      expect(malformed.headers['www-authenticate']).to.equal(
        'Bearer realm="patgate", error="invalid_request", error_description="The Authorization header is malformed: expected \\"Bearer <token>\\""',
      );
      expect(malformed.body).to.have.nested.property('error.code', 'invalid_request');
      // Passport has already set every strategy's challenge; the handler keeps them.
      const either = await request(app).get('/either').expect(401);
      expect(either.headers['www-authenticate']).to.equal(`${BARE}, ${BASIC}`);
      expect(either.body).to.have.nested.property('error.code', 'token_required');
    });

    it("Passport's own 401 (no failWithError) carries the exact challenge", async () => {
      const app = makeApp((p, a) => a.get('/', p.authenticate('bearer', { session: false }), who));
      const res = await request(app).get('/').set('Authorization', 'Bearer pat_wrong').expect(401);
      expect(res.headers['www-authenticate']).to.equal(INVALID);
    });

    it('the validate hook refuses a verified token with the same 401 invalid_token', async () => {
      const app = makeApp((p, a) => a.get('/', p.authenticate('bearer-not-u1', { session: false, failWithError: true }), who));
      const res = await request(app).get('/').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.headers['www-authenticate']).to.equal(INVALID);
      expect(res.body).to.have.nested.property('error.code', 'invalid_token');
    });
  });
}
