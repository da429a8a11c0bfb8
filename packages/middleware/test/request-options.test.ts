import { expect } from 'chai';
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import {
  authenticate,
  BearerTokenStrategy,
  InsufficientScopeError,
  InvalidTokenError,
  isPatgateError,
  MemoryTokenStore,
  patAuthInfo,
  patgateErrorHandler,
  PatgateError,
  TokenIssuer,
  TokenVerifier,
  type AuthenticateOptions,
  type PatUser,
} from '../src/index.js';
import { expectFailsWith, PEPPER } from './helpers.js';

const INVALID = 'Bearer realm="patgate", error="invalid_token", error_description="The access token is invalid"';

async function setup(options: AuthenticateOptions<PatUser>) {
  const store = new MemoryTokenStore();
  const verifier = new TokenVerifier({ store, pepper: PEPPER });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['read'] });
  const { token } = await issuer.create({ ownerId: 'u1', name: 't', scopes: ['read'] });
  const app = express();
  const echo: RequestHandler = (req, res) => res.json({ user: req.user ?? null, tokenId: patAuthInfo(req)?.tokenId ?? null });
  app.get('/', authenticate(verifier, options), echo);
  app.use(patgateErrorHandler());
  app.use(((err, _req, res, _next) => res.status(500).json({ fault: (err as Error).message })) as express.ErrorRequestHandler);
  return { app, token, verifier };
}

describe('authenticate() options: header, getToken, validate', () => {
  it('header reads the raw token from a named header, besides Authorization; both at once is a 400', async () => {
    const { app, token } = await setup({ header: 'X-Api-Key' });
    expect((await request(app).get('/').set('x-api-key', token).expect(200)).body.user).to.deep.equal({ id: 'u1' });
    await request(app).get('/').set('Authorization', `Bearer ${token}`).expect(200);
    const both = await request(app).get('/').set('Authorization', `Bearer ${token}`).set('x-api-key', token);
    expectFailsWith(both, 400, 'Bearer realm="patgate", error="invalid_request", error_description="The token must be sent in exactly one place, not several"', 'invalid_request');
    expectFailsWith(await request(app).get('/').set('x-api-key', 'nope'), 401, INVALID, 'invalid_token');
  });

  it('getToken replaces the lookup; null or empty is no token; a non-string is a fault', async () => {
    let source: unknown = undefined;
    const { app, token } = await setup({ getToken: () => source as string | undefined });
    await request(app).get('/').expect(401);
    source = '';
    await request(app).get('/').expect(401);
    source = token;
    await request(app).get('/').expect(200);
    // The Authorization header is not read any more.
    source = null;
    await request(app).get('/').set('Authorization', `Bearer ${token}`).expect(401);
    source = 42;
    expect((await request(app).get('/').expect(500)).body.fault).to.match(/getToken option must return a string/);
  });

  it('validate can replace the user, refuse with the same 401, refuse with its own patgate error, or fault', async () => {
    let outcome: 'replace' | 'refuse' | 'scope' | 'fault' = 'replace';
    const { app, token } = await setup({
      realm: 'acme',
      validate: (req, user, info) => {
        expect(req.headers.authorization).to.equal(`Bearer ${token}`);
        expect(info.scopes).to.deep.equal(['read']);
        if (outcome === 'replace') return { ...user, id: `${user.id}@tenant` };
        if (outcome === 'refuse') return false;
        if (outcome === 'scope') throw new InsufficientScopeError(['admin']);
        throw new Error('tenant lookup failed');
      },
    });
    const get = () => request(app).get('/').set('Authorization', `Bearer ${token}`);
    expect((await get().expect(200)).body.user).to.deep.equal({ id: 'u1@tenant' });
    outcome = 'refuse';
    expectFailsWith(await get(), 401, 'Bearer realm="acme", error="invalid_token", error_description="The access token is invalid"', 'invalid_token');
    outcome = 'scope';
    expect((await get().expect(403)).body.error.code).to.equal('insufficient_scope');
    outcome = 'fault';
    expect((await get().expect(500)).body.fault).to.equal('tenant lookup failed');
  });

  it('refuses bad options at construction, naming the option', () => {
    const verifier = new TokenVerifier({ store: new MemoryTokenStore(), pepper: PEPPER });
    expect(() => authenticate(verifier, { header: 'x api key' })).to.throw(TypeError, /option `header` must be a header name/);
    expect(() => authenticate(verifier, { header: 'Authorization' })).to.throw(TypeError, /besides Authorization/);
    expect(() => authenticate(verifier, { getToken: () => undefined, header: 'x-api-key' })).to.throw(TypeError, /`getToken` replaces the built-in token lookup; leave out `header`/);
    expect(() => authenticate(verifier, { validate: 'yes' as never })).to.throw(TypeError, /option `validate` must be a function/);
    expect(() => new BearerTokenStrategy(verifier, { validate: (_r, u) => u }, (u, _i, done) => done(null, u))).to.throw(TypeError, /either the `validate` option or a verify callback/);
    expect(() => new BearerTokenStrategy(verifier, { nmae: 'x' } as never)).to.throw(TypeError, /Did you mean `name`/);
  });
});

describe('error identity across copies of the package', () => {
  it('recognises an error branded by another copy (Symbol.for), by class too', () => {
    // What the CommonJS build's error looks like to the ESM build: another class, the same registered brand.
    const foreign = Object.defineProperty(new Error('The access token is invalid'), Symbol.for('patgate.error'), {
      value: ['InvalidTokenError', 'PatgateError'],
    });
    expect(isPatgateError(foreign)).to.equal(true);
    expect(foreign instanceof PatgateError).to.equal(true);
    expect(foreign instanceof InvalidTokenError).to.equal(true);
    expect(foreign instanceof InsufficientScopeError).to.equal(false);
    expect(new Error('plain') instanceof PatgateError).to.equal(false);
    expect(isPatgateError({ status: 401 })).to.equal(false);
    expect(Object.keys(new InvalidTokenError())).not.to.include(String(Symbol.for('patgate.error')));
    expect(JSON.stringify(new InvalidTokenError())).to.equal('{"error":{"code":"invalid_token","message":"The access token is invalid"}}');
  });
});
