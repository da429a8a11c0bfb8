import { expect } from 'chai';
import { TOKEN_EXPIRATION_HEADER } from '@patgate/middleware';
import { DATABASE_KINDS, expectFailsWith, withApi } from './helpers.js';

const INVALID_TOKEN = /^Bearer realm="patgate", error="invalid_token"/;
const DAY = 86_400_000;

for (const kind of DATABASE_KINDS) {
  describe(`POST /api/tokens/current/rotate with graceSeconds on ${kind}`, () => {
    // No token cache: each request reads the store, so the test sees what another instance would.
    const api = withApi(kind, { tokenCacheTtlMs: 0 });
    const rotate = (auth: string, body?: unknown) => {
      const req = api.http().post('/api/tokens/current/rotate').set('Authorization', auth);
      return body === undefined ? req : req.send(body as object);
    };

    it('graceSeconds 30: both tokens work; at 31 s the old one is refused', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const rotatedAt = api.clock.now().getTime();
      const res = await rotate(ada.auth, { graceSeconds: 30 }).expect(201);
      const fresh = `Bearer ${res.body.token}`;
      const old = await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
      // The old token's own answers say when it stops: the end of the window.
      expect(Date.parse(old.headers[TOKEN_EXPIRATION_HEADER.toLowerCase()]!)).to.be.closeTo(rotatedAt + 30_000, 1000);
      const introspected = (await api.http().get('/api/tokens/current').set('Authorization', ada.auth).expect(200)).body;
      expect(introspected).to.include({ revokedAt: null });
      await api.http().get('/api/user').set('Authorization', fresh).expect(200);
      // The successor keeps the old token's lifespan (30 days), not the window.
      expect(Date.parse(res.body.expiresAt)).to.be.closeTo(rotatedAt + 30 * DAY, 5000);

      api.clock.advance(29_000);
      await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
      api.clock.advance(2_000); // 31 s after the rotation
      const refused = await api.http().get('/api/user').set('Authorization', ada.auth);
      expectFailsWith(refused, 401, INVALID_TOKEN);
      expect(refused.body.error.message).to.equal('The access token has expired');
      await api.http().get('/api/user').set('Authorization', fresh).expect(200);
    });

    it('caps a window beyond the old token\'s own expiry there', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const old = await api.makeToken(ada.user, ['profile:read'], 10_000);
      const before = (await api.http().get('/api/tokens/current').set('Authorization', `Bearer ${old}`).expect(200)).body.expiresAt;
      await rotate(`Bearer ${old}`, { graceSeconds: 86_400 }).expect(201);
      const after = (await api.http().get('/api/tokens/current').set('Authorization', `Bearer ${old}`).expect(200)).body.expiresAt;
      expect(after).to.equal(before);
      api.clock.advance(10_000);
      expectFailsWith(await api.http().get('/api/user').set('Authorization', `Bearer ${old}`), 401, INVALID_TOKEN);
    });

    it('the default (no body, or 0) revokes the old token at once', async () => {
      for (const [i, body] of [undefined, {}, { graceSeconds: 0 }].entries()) {
        const ada = await api.actor(`ada${i}`, ['profile:read']);
        await rotate(ada.auth, body).expect(201);
        const refused = await api.http().get('/api/user').set('Authorization', ada.auth);
        expectFailsWith(refused, 401, INVALID_TOKEN);
        expect(refused.body.error.message, JSON.stringify(body)).to.equal('The access token has been revoked');
      }
    });

    it('answers 400 for out-of-range, fractional or non-numeric graceSeconds and for other fields, changing nothing', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      for (const graceSeconds of [-1, 86_401, 1.5, '30', null, true, 1e300]) {
        const res = await rotate(ada.auth, { graceSeconds });
        expectFailsWith(res, 400, null, 'bad_request');
        expect(res.body.error.message, String(graceSeconds)).to.match(/graceSeconds/);
      }
      expectFailsWith(await rotate(ada.auth, { graceSeconds: 30, scopes: ['tokens:write'] }), 400, null, 'bad_request');
      await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
      const tokens = await api.app.locals.patgate.issuer.list(ada.user.id);
      expect(tokens).to.have.length(1);
      expect(tokens[0]).to.include({ revokedAt: null, rotatedAt: null });
    });

    it('a token in its window cannot rotate again, but revokes itself at once', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      await rotate(ada.auth, { graceSeconds: 60 }).expect(201);
      expectFailsWith(await rotate(ada.auth, { graceSeconds: 60 }), 404, null, 'not_found');
      expectFailsWith(await rotate(ada.auth), 404, null, 'not_found');
      await api.http().delete('/api/tokens/current').set('Authorization', ada.auth).expect(204);
      expectFailsWith(await api.http().get('/api/user').set('Authorization', ada.auth), 401, INVALID_TOKEN);
    });

    it('concurrent rotations of one token, with and without a window: exactly one successor', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const answers = await Promise.all([30, 0, 60, 0, 30].map((graceSeconds) => rotate(ada.auth, { graceSeconds })));
      // The losers answer 404 (the token was already rotated), or 401 when a winner without a window had
      // revoked it before they were authenticated.
      expect(answers.filter((res) => res.status === 201)).to.have.length(1);
      expect(answers.filter((res) => res.status !== 201).every((res) => [401, 404].includes(res.status))).to.equal(true);
      const tokens = await api.app.locals.patgate.issuer.list(ada.user.id);
      expect(tokens).to.have.length(2);
    });
  });
}
