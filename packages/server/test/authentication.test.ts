import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { apiAuthentication, isSessionRequest } from '../src/authentication.js';
import { errorHandler } from '../src/http/errors.js';
import { SESSION_SCOPES } from '../src/scopes.js';
import { createWeb } from '../src/web/index.js';
import { signedIn, withWeb } from './web/helpers.js';

const TOKEN_ID = /^[A-Za-z0-9]{10}$/;

describe('apiAuthentication: a bearer token, or else the signed-in session', () => {
  const web = withWeb('sqlite');

  /** The app's pages plus a probe behind the same authentication /api uses, reporting what it left on the request. */
  function probeApp() {
    const { models, issuer, verifier, events } = web.app.locals.patgate;
    const secret = 'authentication-test-secret-0123456789abcdef';
    const pages = createWeb({ sequelize: web.db.sequelize, models, issuer, events, secret, signupEnabled: false });
    const app = express();
    app.use(express.json());
    const report: express.RequestHandler = (req, res) => {
      res.json({ session: isSessionRequest(req), info: req.authInfo, userId: req.user?.id, sessionLoaded: req.session !== undefined });
    };
    app.all('/probe', apiAuthentication({ verifier, models, csrf: pages.csrf, session: pages.session }), report);
    app.use(pages.session, pages.router);
    app.use(errorHandler());
    return app;
  }

  it('a token: req.user is its owner, authInfo carries no session marker, and the session is never loaded', async () => {
    const ada = await web.makeUser('ada');
    const { token, info } = await web.app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'script', scopes: ['profile:read'] });
    const app = probeApp();
    const agent = request.agent(app);
    await signedIn(agent, 'ada@example.com');
    // Even with the session cookie on the request, a token request skips cookie parsing and express-session.
    const res = await agent.get('/probe').set('Authorization', `Bearer ${token}`);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.include({ session: false, userId: ada.id, sessionLoaded: false });
    expect(res.body.info).to.deep.equal({ tokenId: info.id, scopes: ['profile:read'], expiresAt: info.expiresAt?.toISOString(), lineageId: info.id, resourceIds: null });
    expect(res.body.info.tokenId).to.match(TOKEN_ID);
  });

  it('a session: marked session: true, scopes SESSION_SCOPES, no expiry, an id that is neither the session id nor a token id', async () => {
    const ada = await web.makeUser('ada');
    const agent = request.agent(probeApp());
    await signedIn(agent, 'ada@example.com');
    const res = await agent.get('/probe');
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.include({ session: true, userId: ada.id, sessionLoaded: true });
    expect(res.body.info).to.deep.include({ session: true, scopes: [...SESSION_SCOPES], expiresAt: null });
    // 16 hex characters of a hash: not a session id (32 characters) and not a token id (10 base62).
    expect(res.body.info.tokenId).to.match(/^[0-9a-f]{16}$/);
  });

  it('a session must carry the CSRF token on unsafe methods', async () => {
    await web.makeUser('ada');
    const agent = request.agent(probeApp());
    const csrf = await signedIn(agent, 'ada@example.com');
    const refused = await agent.post('/probe').send({});
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('csrf_failed');
    expect((await agent.post('/probe').set('x-csrf-token', csrf).send({})).status).to.equal(200);
  });

  it('a wrong token is refused even when a session exists; neither credential is the bare 401', async () => {
    await web.makeUser('ada');
    const agent = request.agent(probeApp());
    await signedIn(agent, 'ada@example.com');
    const forged = await agent.get('/probe').set('Authorization', `Bearer pat_${'A'.repeat(48)}`);
    expect(forged.status).to.equal(401);
    expect(forged.headers['www-authenticate']).to.match(/error="invalid_token"/);
    // Another scheme is no bearer token, but not "no credentials" either: the strategy refuses it.
    const basic = await agent.get('/probe').set('Authorization', 'Basic dTpw');
    expect(basic.status).to.equal(401);
    expect(basic.headers['www-authenticate']).to.equal('Bearer realm="patgate"');
    const none = await request(probeApp()).get('/probe');
    expect(none.status).to.equal(401);
    expect(none.headers['www-authenticate']).to.equal('Bearer realm="patgate"');
  });
});
