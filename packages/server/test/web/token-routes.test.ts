import { expect } from 'chai';
import { SESSION_SCOPES } from '../../src/web/index.js';
import { expectFailsWith, missingScope } from '../http/helpers.js';
import { DATABASE_KINDS, signedIn, withWeb } from './helpers.js';

for (const kind of DATABASE_KINDS) {
  describe(`POST /api/tokens and DELETE /api/tokens/:id on ${kind}`, () => {
    const web = withWeb(kind);

    async function patFor(name: string, scopes: string[]) {
      const user = await web.makeUser(name);
      const issued = await web.app.locals.patgate.issuer.create({ ownerId: user.id, name: 'script', scopes });
      return { user, token: issued.token, id: issued.info.id };
    }

    it('refuses a PAT, whatever its scopes, with 403 insufficient_scope naming tokens:write', async () => {
      const { token, id } = await patFor('ada', ['tokens:read', 'streams:read', 'streams:write', 'profile:read']);
      const post = await web.agent().post('/api/tokens').set('Authorization', `Bearer ${token}`).send({ name: 'x', scopes: ['streams:read'], lifespan: '7d' });
      expectFailsWith(post, 403, missingScope('tokens:write'));
      const del = await web.agent().delete(`/api/tokens/${id}`).set('Authorization', `Bearer ${token}`);
      expectFailsWith(del, 403, missingScope('tokens:write'));
    });

    it('refuses anonymous calls with the bearer challenge', async () => {
      expectFailsWith(await web.agent().post('/api/tokens').send({}), 401, 'Bearer realm="patgate"');
    });

    it('lets a session create a token shown once, which then works as a bearer token', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const csrf = await signedIn(agent, 'ada@example.com');
      const res = await agent
        .post('/api/tokens')
        .set('x-csrf-token', csrf)
        .send({ name: 'CI', scopes: ['streams:read', 'profile:read'], lifespan: '90d' })
        .expect(201);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.body.token).to.match(/^pat_/);
      expect(res.body).to.include({ name: 'CI' });
      expect(res.body.scopes).to.deep.equal(['streams:read', 'profile:read']);
      const days = (Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)) / 86_400_000;
      expect(days).to.equal(90);
      await web.agent().get('/api/user').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      const list = await agent.get('/api/tokens').expect(200);
      expect(JSON.stringify(list.body)).not.to.contain(res.body.token);
    });

    it('refuses what policy forbids: tokens:write, unknown scopes, no scopes, "never"', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const csrf = await signedIn(agent, 'ada@example.com');
      const post = (body: object) => agent.post('/api/tokens').set('x-csrf-token', csrf).send(body);
      expect((await post({ name: 'x', scopes: ['tokens:write'], lifespan: '7d' })).status).to.equal(400);
      expect((await post({ name: 'x', scopes: ['nope:read'], lifespan: '7d' })).status).to.equal(400);
      expect((await post({ name: 'x', scopes: [], lifespan: '7d' })).status).to.equal(400);
      expect((await post({ name: 'x', scopes: ['streams:read'], lifespan: 'never' })).status).to.equal(400);
      expect((await post({ name: 'x', scopes: ['streams:read'], lifespan: '2y' })).status).to.equal(400);
    });

    it('revokes a token by id (then it answers 401), idempotently; another user\'s token is not found', async () => {
      const bob = await patFor('bob', ['profile:read']);
      await web.makeUser('ada');
      const agent = web.agent();
      const csrf = await signedIn(agent, 'ada@example.com');
      const created = await agent.post('/api/tokens').set('x-csrf-token', csrf).send({ name: 'CI', scopes: ['profile:read'], lifespan: '7d' }).expect(201);
      await agent.delete(`/api/tokens/${created.body.id}`).set('x-csrf-token', csrf).expect(204);
      await agent.delete(`/api/tokens/${created.body.id}`).set('x-csrf-token', csrf).expect(204);
      await web.agent().get('/api/user').set('Authorization', `Bearer ${created.body.token}`).expect(401);
      await agent.delete(`/api/tokens/${bob.id}`).set('x-csrf-token', csrf).expect(404);
      await web.agent().get('/api/user').set('Authorization', `Bearer ${bob.token}`).expect(200);
    });

    it('gives a session only the page\'s scopes: profile and tokens, not streams', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      await signedIn(agent, 'ada@example.com');
      expect(SESSION_SCOPES).to.include('tokens:write');
      const user = await agent.get('/api/user').expect(200);
      expect(user.body.email).to.equal('ada@example.com');
      expectFailsWith(await agent.get('/api/streams'), 403, missingScope('streams:read'));
    });

    it('prefers a bearer token over the session when both are sent (no CSRF needed for the header)', async () => {
      const { token } = await patFor('bob', ['profile:read']);
      await web.makeUser('ada');
      const agent = web.agent();
      await signedIn(agent, 'ada@example.com');
      const res = await agent.get('/api/user').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body.name).to.equal('bob');
    });
  });
}
