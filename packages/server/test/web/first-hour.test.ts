/**
 * The web side a newcomer meets first (issue 13): a Content-Security-Policy that lets the page work over
 * plain HTTP on any host name, pages instead of JSON for browsers, a favicon, and Regenerate.
 */
import { expect } from 'chai';
import { endSessionsOf } from '../../src/web/session-rows.js';
import { DATABASE_KINDS, signedIn, withWeb } from './helpers.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('CSP over plain HTTP and TLS', () => {
  const web = withWeb('sqlite', { trustProxy: 'loopback' });
  const csp = async (path: string, headers: Record<string, string> = {}) =>
    (await web.agent().get(path).set({ Host: 'my-box:3000', ...headers })).headers['content-security-policy'] as string;

  it('never upgrades insecure requests over plain HTTP, on every page and answer', async () => {
    for (const path of ['/login', '/signup', '/profile', '/assets/patgate.css', '/api/user', '/nowhere']) {
      const policy = await csp(path);
      expect(policy, path).to.include("default-src 'self'").and.include("form-action 'self'").and.include("script-src 'self'");
      expect(policy, path).not.to.include('upgrade-insecure-requests');
    }
  });

  it('upgrades them when the request came over TLS, as a trusted proxy says', async () => {
    expect(await csp('/login', { 'X-Forwarded-Proto': 'https' })).to.include('upgrade-insecure-requests');
    expect((await web.agent().get('/login').set('X-Forwarded-Proto', 'https')).headers['cross-origin-opener-policy']).to.equal('same-origin');
  });

  it('sends Cross-Origin-Opener-Policy only where a browser honours it', async () => {
    expect((await web.agent().get('/login').set('Host', 'my-box:3000')).headers['cross-origin-opener-policy']).to.equal(undefined);
    expect((await web.agent().get('/login').set('Host', 'localhost:3000')).headers['cross-origin-opener-policy']).to.equal('same-origin');
  });
});

describe('CSP behind an untrusted proxy', () => {
  const web = withWeb('sqlite');

  it('ignores X-Forwarded-Proto unless PATGATE_TRUST_PROXY trusts the proxy', async () => {
    const res = await web.agent().get('/login').set('X-Forwarded-Proto', 'https');
    expect(res.headers['content-security-policy']).not.to.include('upgrade-insecure-requests');
  });
});

describe('error pages by content negotiation', () => {
  const web = withWeb('sqlite');

  it('gives a browser an HTML 404 page and API clients the JSON body', async () => {
    const page = await web.agent().get('/no-such-page').set('Accept', BROWSER_ACCEPT).expect(404);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.text).to.contain('<h1>Page not found</h1>').and.contain('/no-such-page');
    const json = await web.agent().get('/no-such-page').expect(404);
    expect(json.body).to.deep.equal({ error: { code: 'not_found', message: 'No route for GET /no-such-page' } });
    const api = await web.agent().get('/api/nothing').set('Accept', BROWSER_ACCEPT);
    expect(api.headers['content-type']).to.match(/^application\/json/);
  });

  it('gives a browser a page for a refused form too, with the status', async () => {
    const res = await web.agent().post('/login').set('Accept', BROWSER_ACCEPT).type('json').send('{"broken');
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.contain('Bad request').and.contain('not valid JSON');
  });

  it('serves a favicon, linked from every page', async () => {
    const icon = await web.agent().get('/favicon.ico').expect(200);
    expect(icon.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect((await web.agent().get('/assets/favicon.svg').expect(200)).headers['content-type']).to.match(/^image\/svg\+xml/);
    expect((await web.agent().get('/login')).text).to.contain('<link rel="icon" href="/assets/favicon.svg"');
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`POST /profile/tokens/:id/rotate on ${kind}`, () => {
    const web = withWeb(kind);

    async function setUp() {
      const ada = await web.makeUser('ada');
      const issued = await web.app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'CI', scopes: ['streams:read', 'profile:read'], lifespanMs: 7 * 86_400_000 });
      const agent = web.agent();
      const csrf = await signedIn(agent, 'ada@example.com');
      return { ada, issued, agent, csrf };
    }

    it('regenerates a token for the signed-in owner: same name, scopes and expiry, the old one refused', async () => {
      const { issued, agent, csrf } = await setUp();
      const res = await agent.post(`/profile/tokens/${issued.info.id}/rotate`).set('x-csrf-token', csrf).set('Accept', 'application/json').expect(201);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.body.token).to.match(/^pat_/).and.not.equal(issued.token);
      expect(res.body).to.include({ name: 'CI', expiresAt: issued.info.expiresAt!.toISOString() });
      expect(res.body.scopes).to.deep.equal(['streams:read', 'profile:read']);
      expect((await web.agent().get('/api/user').set('Authorization', `Bearer ${issued.token}`)).status).to.equal(401);
      expect((await web.agent().get('/api/user').set('Authorization', `Bearer ${res.body.token as string}`)).status).to.equal(200);
    });

    it('refuses without the CSRF header, and changes nothing', async () => {
      const { issued, agent } = await setUp();
      const res = await agent.post(`/profile/tokens/${issued.info.id}/rotate`).set('Accept', 'application/json');
      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('csrf_failed');
      expect((await web.agent().get('/api/user').set('Authorization', `Bearer ${issued.token}`)).status).to.equal(200);
    });

    it("refuses someone else's token and unknown ids with 404, a bad id with 400, no session with 401", async () => {
      const { agent, csrf } = await setUp();
      const bob = await web.makeUser('bob');
      const bobs = await web.app.locals.patgate.issuer.create({ ownerId: bob.id, name: 'bob', scopes: ['profile:read'] });
      const post = (id: string) => agent.post(`/profile/tokens/${id}/rotate`).set('x-csrf-token', csrf).set('Accept', 'application/json');
      expect((await post(bobs.info.id)).status).to.equal(404);
      expect((await post('AAAAAAAAAA')).status).to.equal(404);
      const bad = await post('not-an-id'); expect(bad.status, JSON.stringify(bad.body)).to.equal(400);
      expect((await web.agent().get('/api/user').set('Authorization', `Bearer ${bobs.token}`)).status).to.equal(200);
      const anonymous = await web.agent().post(`/profile/tokens/${bobs.info.id}/rotate`).set('Accept', 'application/json');
      expect(anonymous.status).to.equal(401);
      expect(anonymous.body.error.code).to.equal('signed_out');
    });

    it('is not open to a bearer token', async () => {
      const { issued } = await setUp();
      const res = await web.agent().post(`/profile/tokens/${issued.info.id}/rotate`).set('Authorization', `Bearer ${issued.token}`).set('Accept', 'application/json');
      expect(res.status).to.equal(401);
      expect((await web.agent().get('/api/user').set('Authorization', `Bearer ${issued.token}`)).status).to.equal(200);
    });
  });
}

describe('GraphQL explorer (PATGATE_GRAPHQL_EXPLORER)', () => {
  describe('off (the default)', () => {
    const web = withWeb('sqlite');
    it('is a 404', async () => {
      expect((await web.agent().get('/explorer').set('Accept', BROWSER_ACCEPT)).status).to.equal(404);
    });
  });

  describe('on', () => {
    const web = withWeb('sqlite', { graphqlExplorer: true });
    it('serves the page with its script as a same-origin file and the schema, under the same CSP', async () => {
      const res = await web.agent().get('/explorer').set('Host', 'my-box:3000').expect(200);
      expect(res.text).to.contain('<script src="/assets/explorer.js" defer></script>').and.contain('type Query');
      expect(res.text).not.to.match(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
      expect(res.headers['content-security-policy']).to.include("script-src 'self'").and.not.include('upgrade-insecure-requests');
      const script = await web.agent().get('/assets/explorer.js').expect(200);
      expect(script.headers['content-type']).to.match(/^text\/javascript/);
    });
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`endSessionsOf (user set-password) on ${kind}`, () => {
    const web = withWeb(kind);

    it("signs one user out of every browser, and no one else", async () => {
      const ada = await web.makeUser('ada');
      await web.makeUser('bob');
      const [laptop, phone, bob] = [web.agent(), web.agent(), web.agent()];
      await signedIn(laptop, 'ada@example.com');
      await signedIn(phone, 'ada@example.com');
      await signedIn(bob, 'bob@example.com');
      expect(await endSessionsOf(web.db.sequelize, ada.id)).to.equal(2);
      for (const agent of [laptop, phone]) expect((await agent.get('/profile')).headers.location).to.equal('/login');
      expect((await bob.get('/profile')).status).to.equal(200);
      expect(await endSessionsOf(web.db.sequelize, ada.id)).to.equal(0);
    });
  });
}
