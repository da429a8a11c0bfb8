import { expect } from 'chai';
import express from 'express';
import { Passport } from 'passport';
import request from 'supertest';
import {
  authenticate,
  BearerTokenStrategy,
  MemoryTokenStore,
  patgateErrorHandler,
  TOKEN_EXPIRATION_HEADER,
  TokenIssuer,
  TokenVerifier,
  type AuthenticateOptions,
  type PatUser,
} from '../src/index.js';
import { setExpirationHeader } from '../src/expiration-header.js';
import { PEPPER, TestClock } from './helpers.js';

const HEADER = TOKEN_EXPIRATION_HEADER.toLowerCase();

async function tokens() {
  const clock = new TestClock(Date.UTC(2026, 5, 1, 12, 0, 0));
  const store = new MemoryTokenStore();
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['read'], maxLifespanMs: null, now: clock.now });
  const verifier = new TokenVerifier({ store, pepper: PEPPER, now: clock.now });
  const expiring = await issuer.create({ ownerId: 'u1', name: 'ci', scopes: ['read'], lifespanMs: 86_400_000 });
  const forever = await issuer.create({ ownerId: 'u1', name: 'forever', scopes: ['read'], lifespanMs: null });
  return { verifier, expiring: expiring.token, forever: forever.token };
}

type Adapter = (verifier: TokenVerifier, options: AuthenticateOptions<PatUser>) => express.Express;

const adapters: Record<string, Adapter> = {
  'authenticate()': (verifier, options) => {
    const app = express();
    app.get('/', authenticate(verifier, options), (_req, res) => res.json({ ok: true }));
    app.use(patgateErrorHandler());
    return app;
  },
  BearerTokenStrategy: (verifier, options) => {
    const passport = new Passport();
    passport.use(new BearerTokenStrategy<PatUser>(verifier, options));
    const app = express();
    app.get('/', passport.initialize(), passport.authenticate('bearer', { session: false, failWithError: true }), (_req, res) => res.json({ ok: true }));
    app.use(patgateErrorHandler());
    return app;
  },
};

for (const [name, build] of Object.entries(adapters)) {
  describe(`${name} expirationHeader`, () => {
    it('sends the expiry as an HTTP date and exposes it to other origins, for an expiring token only', async () => {
      const { verifier, expiring, forever } = await tokens();
      const app = build(verifier, { expirationHeader: true });
      const res = await request(app).get('/').set('Authorization', `Bearer ${expiring}`).expect(200);
      expect(res.headers[HEADER]).to.equal('Tue, 02 Jun 2026 12:00:00 GMT');
      expect(res.headers['access-control-expose-headers']).to.equal(TOKEN_EXPIRATION_HEADER);
      const never = await request(app).get('/').set('Authorization', `Bearer ${forever}`).expect(200);
      expect(never.headers).not.to.have.property(HEADER);
      expect(never.headers).not.to.have.property('access-control-expose-headers');
    });

    it('is off by default and never on a refusal', async () => {
      const { verifier, expiring } = await tokens();
      const off = await request(build(verifier, {})).get('/').set('Authorization', `Bearer ${expiring}`).expect(200);
      expect(off.headers).not.to.have.property(HEADER);
      const refused = await request(build(verifier, { expirationHeader: true })).get('/').set('Authorization', `Bearer ${expiring.slice(0, -1)}x`).expect(401);
      expect(refused.headers).not.to.have.property(HEADER);
    });
  });
}

describe('expirationHeader with a CORS middleware before it', () => {
  it('adds its name to the exposed headers already set, once', async () => {
    const { verifier, expiring } = await tokens();
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, patgate-token-expiration');
      next();
    });
    app.get('/a', authenticate(verifier, { expirationHeader: true }), (_req, res) => res.end());
    app.use((_req, res, next) => {
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id');
      next();
    });
    app.get('/b', authenticate(verifier, { expirationHeader: true }), (_req, res) => res.end());
    const a = await request(app).get('/a').set('Authorization', `Bearer ${expiring}`).expect(200);
    expect(a.headers['access-control-expose-headers']).to.equal('X-Request-Id, patgate-token-expiration');
    const b = await request(app).get('/b').set('Authorization', `Bearer ${expiring}`).expect(200);
    expect(b.headers['access-control-expose-headers']).to.equal('X-Request-Id, Patgate-Token-Expiration');
  });

  it('refuses a non-boolean at construction', () => {
    expect(() => authenticate({ verify: () => undefined } as never, { expirationHeader: 'yes' as never })).to.throw(/expirationHeader` must be true or false/);
  });
});

describe('setExpirationHeader, called again and again', () => {
  function response(expose?: string | string[]) {
    const headers = new Map<string, string | string[]>(expose === undefined ? [] : [['Access-Control-Expose-Headers', expose]]);
    return { headers, getHeader: (name: string) => headers.get(name), setHeader: (name: string, value: string) => void headers.set(name, value) };
  }

  it('answers the same for each list of exposed headers however the calls alternate (the last list is remembered)', () => {
    const at = new Date(Date.UTC(2030, 0, 1));
    for (let i = 0; i < 3; i++) {
      for (const [given, expected] of [
        [undefined, TOKEN_EXPIRATION_HEADER],
        ['X-Request-Id', `X-Request-Id, ${TOKEN_EXPIRATION_HEADER}`],
        ['X-Request-Id', `X-Request-Id, ${TOKEN_EXPIRATION_HEADER}`],
        ['*', '*'],
        ['*', '*'],
        [['X-A', 'patgate-token-expiration'], ['X-A', 'patgate-token-expiration']],
        ['', TOKEN_EXPIRATION_HEADER],
      ] as const) {
        const res = response(given as string | string[] | undefined);
        setExpirationHeader(res, at);
        expect(res.headers.get('Access-Control-Expose-Headers'), JSON.stringify(given)).to.deep.equal(expected);
        expect(res.headers.get(TOKEN_EXPIRATION_HEADER)).to.equal('Tue, 01 Jan 2030 00:00:00 GMT');
      }
    }
  });

  it('formats a Date again once it has been changed', () => {
    const at = new Date(Date.UTC(2030, 0, 1));
    const first = response();
    setExpirationHeader(first, at);
    at.setTime(Date.UTC(2031, 0, 1));
    const second = response();
    setExpirationHeader(second, at);
    expect(first.headers.get(TOKEN_EXPIRATION_HEADER)).to.equal('Tue, 01 Jan 2030 00:00:00 GMT');
    expect(second.headers.get(TOKEN_EXPIRATION_HEADER)).to.equal('Wed, 01 Jan 2031 00:00:00 GMT');
  });
});
