import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { DATABASE_KINDS, NO_TOKEN, TEST_SECRET, expectFailsWith, missingScope, withApi } from './helpers.js';

for (const kind of DATABASE_KINDS) {
  describe(`user routes on ${kind}`, function () {
    const api = withApi(kind);

    describe('GET /api/user', () => {
      it('returns the caller without email unless the token has profile:email', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        const res = await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
        expect(res.body).to.include({ id: ada.user.id, name: 'ada', serverRole: 'server:user' });
        expect(res.body).not.to.have.property('email');
        expect(res.body).not.to.have.property('passwordHash');

        const withEmail = await api.makeToken(ada.user, ['profile:read', 'profile:email']);
        const full = await api.http().get('/api/user').set('Authorization', `Bearer ${withEmail}`).expect(200);
        expect(full.body.email).to.equal('ada@example.com');
      });

      it('answers 401 with a bare challenge without a token', async () => {
        expectFailsWith(await api.http().get('/api/user'), 401, NO_TOKEN);
      });

      it('answers 403 naming profile:read when the token lacks it', async () => {
        const ada = await api.actor('ada', ['streams:read']);
        expectFailsWith(await api.http().get('/api/user').set('Authorization', ada.auth), 403, missingScope('profile:read'));
      });

      it("refuses a deleted user's token at once when the deletion is announced, even while token and user are cached", async () => {
        const ada = await api.actor('ada', ['profile:read']);
        // With a cache neither the token row nor the user is re-read: userChanged is what drops the user.
        const cached = createApp({ sequelize: api.db.sequelize, models: api.db.models, secret: TEST_SECRET, tokenCacheTtlMs: 60_000 });
        await request(cached).get('/api/user').set('Authorization', ada.auth).expect(200);
        await api.db.models.User.destroy({ where: { id: ada.user.id } });
        cached.locals.patgate.userChanged(ada.user.id);
        expectFailsWith(await request(cached).get('/api/user').set('Authorization', ada.auth), 401, /error="invalid_token"/);
        expectFailsWith(await api.http().get('/api/user').set('Authorization', ada.auth), 401, /error="invalid_token"/);
      });

      it('serves a changed user as cached for at most the token cache time when the change is not announced', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        let offset = 0;
        const now = () => new Date(Date.now() + offset);
        const cached = createApp({ sequelize: api.db.sequelize, models: api.db.models, secret: TEST_SECRET, tokenCacheTtlMs: 2000, now });
        await request(cached).get('/api/user').set('Authorization', ada.auth).expect(200);
        await api.db.models.User.update({ name: 'Ada Lovelace' }, { where: { id: ada.user.id } });
        const stale = await request(cached).get('/api/user').set('Authorization', ada.auth).expect(200);
        expect(stale.body.name).to.equal('ada');
        offset += 2001;
        const fresh = await request(cached).get('/api/user').set('Authorization', ada.auth).expect(200);
        expect(fresh.body.name).to.equal('Ada Lovelace');
        // Without a cache (the harness's app) every request reads the user.
        const direct = await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
        expect(direct.body.name).to.equal('Ada Lovelace');
      });
    });

    describe('GET /api/users/:id', () => {
      it('returns public fields only', async () => {
        const ada = await api.actor('ada', ['users:read', 'users:email']);
        const bob = await api.makeUser('bob');
        const res = await api.http().get(`/api/users/${bob.id}`).set('Authorization', ada.auth).expect(200);
        expect(res.body).to.deep.equal({ id: bob.id, name: 'bob', bio: null, company: null, avatar: null });
      });

      it('shows the email only to a server admin whose token has users:email', async () => {
        const bob = await api.makeUser('bob');
        const admin = await api.actor('root', ['users:read', 'users:email'], { serverRole: 'server:admin' });
        const res = await api.http().get(`/api/users/${bob.id}`).set('Authorization', admin.auth).expect(200);
        expect(res.body.email).to.equal('bob@example.com');

        const weaker = await api.makeToken(admin.user, ['users:read']);
        const plain = await api.http().get(`/api/users/${bob.id}`).set('Authorization', `Bearer ${weaker}`).expect(200);
        expect(plain.body).not.to.have.property('email');
      });

      it('answers 401 without a token and 403 without users:read', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        expectFailsWith(await api.http().get(`/api/users/${ada.user.id}`), 401, NO_TOKEN);
        const res = await api.http().get(`/api/users/${ada.user.id}`).set('Authorization', ada.auth);
        expectFailsWith(res, 403, missingScope('users:read'));
      });

      it('answers 404 for an unknown user and 400 for a malformed id', async () => {
        const ada = await api.actor('ada', ['users:read']);
        const missing = await api.http().get(`/api/users/${randomUUID()}`).set('Authorization', ada.auth);
        expectFailsWith(missing, 404, null, 'not_found');
        const bad = await api.http().get('/api/users/not-an-id').set('Authorization', ada.auth);
        expectFailsWith(bad, 400, null, 'bad_request');
        expect(bad.body.error.message).to.match(/^params\.id: /);
      });
    });
  });
}
