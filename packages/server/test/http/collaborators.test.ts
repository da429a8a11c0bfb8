import { expect } from 'chai';
import { grantPermission } from '../../src/services/streams.js';
import { DATABASE_KINDS, NO_TOKEN, expectFailsWith, missingScope, withApi } from './helpers.js';

const READ = ['streams:read'];
const WRITE = ['streams:read', 'streams:write'];

for (const kind of DATABASE_KINDS) {
  describe(`collaborator routes on ${kind}`, function () {
    const api = withApi(kind);
    const path = (streamId: string, userId?: string) =>
      `/api/streams/${streamId}/collaborators${userId ? `/${userId}` : ''}`;

    describe('GET /api/streams/:id/collaborators', () => {
      it('lists collaborators with their roles and no emails', async () => {
        const ada = await api.actor('ada', READ);
        const bob = await api.makeUser('bob');
        const stream = await api.makeStream(ada.user);
        await grantPermission(api.db.models, ada.user.id, stream.id, bob.id, 'stream:reviewer');
        const res = await api.http().get(path(stream.id)).set('Authorization', ada.auth).expect(200);
        expect(res.body.totalCount).to.equal(2);
        expect(res.body.items.map((c: { name: string; role: string }) => [c.name, c.role])).to.deep.equal([
          ['ada', 'stream:owner'],
          ['bob', 'stream:reviewer'],
        ]);
        expect(res.body.items[1]).not.to.have.property('email');
      });

      it('needs a role: 403 on a public stream, 404 on a private one', async () => {
        const ada = await api.makeUser('ada');
        const bob = await api.actor('bob', READ);
        const open = await api.makeStream(ada, { isPublic: true });
        const closed = await api.makeStream(ada);
        expectFailsWith(await api.http().get(path(open.id)).set('Authorization', bob.auth), 403, null, 'forbidden');
        expectFailsWith(await api.http().get(path(closed.id)).set('Authorization', bob.auth), 404, null, 'not_found');
      });

      it('answers 401 without a token, 403 without streams:read, 400 for a bad id', async () => {
        const ada = await api.actor('ada', ['streams:write']);
        const stream = await api.makeStream(ada.user);
        expectFailsWith(await api.http().get(path(stream.id)), 401, NO_TOKEN);
        expectFailsWith(await api.http().get(path(stream.id)).set('Authorization', ada.auth), 403, missingScope('streams:read'));
        const reader = `Bearer ${await api.makeToken(ada.user, READ)}`;
        expectFailsWith(await api.http().get(path('nope')).set('Authorization', reader), 400, null, 'bad_request');
      });
    });

    describe('PUT /api/streams/:id/collaborators/:userId', () => {
      it('shares the stream and changes a role', async () => {
        const ada = await api.actor('ada', WRITE);
        const bob = await api.makeUser('bob');
        const stream = await api.makeStream(ada.user);
        const shared = await api.http().put(path(stream.id, bob.id)).set('Authorization', ada.auth).send({ role: 'stream:reviewer' }).expect(200);
        expect(shared.body).to.include({ id: bob.id, role: 'stream:reviewer' });
        const changed = await api.http().put(path(stream.id, bob.id)).set('Authorization', ada.auth).send({ role: 'stream:contributor' }).expect(200);
        expect(changed.body.role).to.equal('stream:contributor');
      });

      it('answers 403 to a contributor and 404 to a stranger on a private stream', async () => {
        const ada = await api.makeUser('ada');
        const bob = await api.actor('bob', WRITE);
        const cat = await api.actor('cat', WRITE);
        const stream = await api.makeStream(ada);
        await grantPermission(api.db.models, ada.id, stream.id, bob.user.id, 'stream:contributor');
        const asContributor = await api.http().put(path(stream.id, cat.user.id)).set('Authorization', bob.auth).send({ role: 'stream:owner' });
        expectFailsWith(asContributor, 403, null, 'forbidden');
        const asStranger = await api.http().put(path(stream.id, cat.user.id)).set('Authorization', cat.auth).send({ role: 'stream:owner' });
        expectFailsWith(asStranger, 404, null, 'not_found');
      });

      it('answers 401 without a token, 403 without streams:write, 400 for bad roles, bodies and ids', async () => {
        const ada = await api.actor('ada', READ);
        const bob = await api.makeUser('bob');
        const stream = await api.makeStream(ada.user);
        expectFailsWith(await api.http().put(path(stream.id, bob.id)).send({ role: 'stream:reviewer' }), 401, NO_TOKEN);
        const noScope = await api.http().put(path(stream.id, bob.id)).set('Authorization', ada.auth).send({ role: 'stream:reviewer' });
        expectFailsWith(noScope, 403, missingScope('streams:write'));
        const writer = `Bearer ${await api.makeToken(ada.user, WRITE)}`;
        for (const body of [{}, { role: 'server:admin' }, { role: 'stream:owner', extra: 1 }, { role: ['stream:owner'] }]) {
          const res = await api.http().put(path(stream.id, bob.id)).set('Authorization', writer).send(body);
          expectFailsWith(res, 400, null, 'bad_request');
        }
        const badUser = await api.http().put(path(stream.id, 'bob')).set('Authorization', writer).send({ role: 'stream:reviewer' });
        expectFailsWith(badUser, 400, null, 'bad_request');
        expect(badUser.body.error.message).to.match(/^params\.userId: /);
      });
    });

    it('sharing and unsharing bring the stream to the top of GET /api/streams (updatedAt moves)', async () => {
      const ada = await api.actor('ada', WRITE);
      const bob = await api.makeUser('bob');
      const shared = await api.makeStream(ada.user, { name: 'shared' });
      const other = await api.makeStream(ada.user, { name: 'other' });
      const setUpdatedAt = (id: string, at: string) =>
        api.db.sequelize.query('UPDATE streams SET "updatedAt" = :at WHERE id = :id', { replacements: { at: new Date(at), id } });
      const names = async () => (await api.http().get('/api/streams').set('Authorization', ada.auth).expect(200)).body.items.map((s: { name: string }) => s.name);
      for (const change of [
        () => api.http().put(path(shared.id, bob.id)).set('Authorization', ada.auth).send({ role: 'stream:reviewer' }).expect(200),
        () => api.http().put(path(shared.id, bob.id)).set('Authorization', ada.auth).send({ role: 'stream:owner' }).expect(200),
        () => api.http().delete(path(shared.id, bob.id)).set('Authorization', ada.auth).expect(204),
      ]) {
        await setUpdatedAt(shared.id, '2020-01-01T00:00:00Z');
        await setUpdatedAt(other.id, '2021-01-01T00:00:00Z');
        expect(await names()).to.deep.equal(['other', 'shared']);
        await change();
        expect(await names()).to.deep.equal(['shared', 'other']);
      }
    });

    describe('DELETE /api/streams/:id/collaborators/:userId', () => {
      it('removes a collaborator: 204', async () => {
        const ada = await api.actor('ada', WRITE);
        const bob = await api.makeUser('bob');
        const stream = await api.makeStream(ada.user);
        await grantPermission(api.db.models, ada.user.id, stream.id, bob.id, 'stream:reviewer');
        await api.http().delete(path(stream.id, bob.id)).set('Authorization', ada.auth).expect(204);
        const list = await api.http().get(path(stream.id)).set('Authorization', ada.auth).expect(200);
        expect(list.body.totalCount).to.equal(1);
      });

      it('never removes the last owner: 409', async () => {
        const ada = await api.actor('ada', WRITE);
        const stream = await api.makeStream(ada.user);
        expectFailsWith(await api.http().delete(path(stream.id, ada.user.id)).set('Authorization', ada.auth), 409, null, 'conflict');
      });

      it('answers 403 to a reviewer, 404 to a stranger, 401 without a token, 403 without the scope, 400 for bad ids', async () => {
        const ada = await api.actor('ada', READ);
        const bob = await api.actor('bob', WRITE);
        const cat = await api.actor('cat', WRITE);
        const stream = await api.makeStream(ada.user);
        await grantPermission(api.db.models, ada.user.id, stream.id, bob.user.id, 'stream:reviewer');
        expectFailsWith(await api.http().delete(path(stream.id, ada.user.id)).set('Authorization', bob.auth), 403, null, 'forbidden');
        expectFailsWith(await api.http().delete(path(stream.id, bob.user.id)).set('Authorization', cat.auth), 404, null, 'not_found');
        expectFailsWith(await api.http().delete(path(stream.id, bob.user.id)), 401, NO_TOKEN);
        const noScope = await api.http().delete(path(stream.id, bob.user.id)).set('Authorization', ada.auth);
        expectFailsWith(noScope, 403, missingScope('streams:write'));
        expectFailsWith(await api.http().delete(path('x', bob.user.id)).set('Authorization', bob.auth), 400, null, 'bad_request');
      });
    });
  });
}
