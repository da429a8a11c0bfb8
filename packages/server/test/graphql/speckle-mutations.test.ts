import { expect } from 'chai';
import { listCollaborators } from '../../src/services/streams.js';
import { DATABASE_KINDS, expectGraphQLError, gql, withApi } from './helpers.js';
import type { Actor } from './helpers.js';

const WRITE = ['streams:read', 'streams:write'];
const LONG_AGO = '2020-01-01T00:00:00.000Z';

// The input shapes of Speckle's own clients: specklepy's legacy CommitResource.create() and
// StreamResource.update_permission(), and Speckle's StreamCreateInput with isDiscoverable.
const COMMIT_CREATE = 'mutation CommitCreate($commit: CommitCreateInput!) { commitCreate(commit: $commit) }';
const UPDATE_PERMISSION = `mutation StreamUpdatePermission($permission_params: StreamUpdatePermissionInput!) {
  streamUpdatePermission(permissionParams: $permission_params)
}`;
const LEAVE = 'mutation StreamLeave($streamId: String!) { streamLeave(streamId: $streamId) }';
const STREAM_CREATE = 'mutation StreamCreate($stream: StreamCreateInput!) { streamCreate(stream: $stream) }';

for (const kind of DATABASE_KINDS) {
  describe(`Speckle's mutations (commit input, permissions, leave, isDiscoverable) on ${kind}`, () => {
    const api = withApi(kind);

    async function makeStream(owner: Actor): Promise<string> {
      const res = await gql(api, owner.auth, STREAM_CREATE, { stream: { name: 'bridge', description: 'No description provided', isPublic: false } });
      expect(res.body.errors, res.text).to.equal(undefined);
      return res.body.data.streamCreate as string;
    }
    const grant = (owner: Actor, streamId: string, userId: string, role: string) =>
      gql(api, owner.auth, 'mutation($p: StreamGrantPermissionInput!) { streamGrantPermission(permissionParams: $p) }', { p: { streamId, userId, role } });

    it('commitCreate takes Speckle\'s input: no message, sourceApplication, totalChildrenCount, parents', async () => {
      const ada = await api.actor('ada', WRITE);
      const streamId = await makeStream(ada);
      const first = await gql(api, ada.auth, COMMIT_CREATE, {
        commit: { streamId, branchName: 'main', objectId: 'f00dbeef', sourceApplication: 'python', totalChildrenCount: 42 },
      });
      expect(first.body.errors, first.text).to.equal(undefined);
      const firstId = first.body.data.commitCreate as string;
      const second = await gql(api, ada.auth, COMMIT_CREATE, {
        commit: { streamId, branchName: 'main', objectId: 'cafe', message: '', sourceApplication: 'Rhino', parents: [firstId] },
      });
      expect(second.body.errors, second.text).to.equal(undefined);

      const fields = 'id message branchName objectId sourceApplication totalChildrenCount parents authorId';
      const res = await gql(api, ada.auth, `{ stream(id: "${streamId}") { commits { totalCount items { ${fields} } } } }`);
      const items = res.body.data.stream.commits.items as Record<string, unknown>[];
      const byId = Object.fromEntries(items.map((c) => [c.id, c]));
      expect(byId[firstId]).to.deep.equal({
        id: firstId, message: '', branchName: 'main', objectId: 'f00dbeef', sourceApplication: 'python', totalChildrenCount: 42, parents: [], authorId: ada.user.id,
      });
      expect(byId[second.body.data.commitCreate]).to.include({ message: '', sourceApplication: 'Rhino', totalChildrenCount: null });
      expect(byId[second.body.data.commitCreate]?.parents).to.deep.equal([firstId]);

      for (const commit of [{ streamId, parents: [null] }, { streamId, totalChildrenCount: 1.5 }, { streamId, sourceApplication: 'x'.repeat(256) }]) {
        const refused = await gql(api, ada.auth, COMMIT_CREATE, { commit });
        expect(refused.body.errors, JSON.stringify(commit)).to.have.length(1);
      }
    });

    it('streamUpdatePermission changes an existing role (owners only); never adds anyone; the last owner stays', async () => {
      const ada = await api.actor('ada', WRITE);
      const bob = await api.actor('bob', WRITE);
      const cat = await api.actor('cat', WRITE);
      const streamId = await makeStream(ada);
      expectGraphQLError(await gql(api, ada.auth, UPDATE_PERMISSION, { permission_params: { streamId, userId: bob.user.id, role: 'stream:reviewer' } }), 'NOT_FOUND');
      expect((await listCollaborators(api.db.models, ada.user.id, streamId)).map((c) => c.id)).to.deep.equal([ada.user.id]);

      await grant(ada, streamId, bob.user.id, 'stream:reviewer');
      const changed = await gql(api, ada.auth, UPDATE_PERMISSION, { permission_params: { streamId, userId: bob.user.id, role: 'stream:contributor' } });
      expect(changed.body).to.deep.equal({ data: { streamUpdatePermission: true } });
      expect((await gql(api, bob.auth, `{ stream(id: "${streamId}") { role } }`)).body.data.stream.role).to.equal('stream:contributor');

      expectGraphQLError(await gql(api, bob.auth, UPDATE_PERMISSION, { permission_params: { streamId, userId: bob.user.id, role: 'stream:owner' } }), 'FORBIDDEN');
      expectGraphQLError(await gql(api, cat.auth, UPDATE_PERMISSION, { permission_params: { streamId, userId: bob.user.id, role: 'stream:owner' } }), 'NOT_FOUND');
      expectGraphQLError(await gql(api, ada.auth, UPDATE_PERMISSION, { permission_params: { streamId, userId: ada.user.id, role: 'stream:reviewer' } }), 'CONFLICT');
      expectGraphQLError(await gql(api, ada.auth, UPDATE_PERMISSION, { permission_params: { streamId, userId: bob.user.id, role: 'admin' } }), 'BAD_USER_INPUT');
      const readOnly = `Bearer ${await api.makeToken(ada.user, ['streams:read'])}`;
      expectGraphQLError(await gql(api, readOnly, UPDATE_PERMISSION, { permission_params: { streamId, userId: bob.user.id, role: 'stream:reviewer' } }), 'FORBIDDEN', 'streams:write');
    });

    it('streamLeave gives up your own role; the last owner gets CONFLICT; it needs streams:write', async () => {
      const ada = await api.actor('ada', WRITE);
      const bob = await api.actor('bob', WRITE);
      const streamId = await makeStream(ada);
      await grant(ada, streamId, bob.user.id, 'stream:contributor');

      const last = expectGraphQLError(await gql(api, ada.auth, LEAVE, { streamId }), 'CONFLICT');
      expect(last.errors?.[0]?.message).to.equal('A stream must keep at least one owner');
      expect(last.data).to.equal(null);
      const readOnly = `Bearer ${await api.makeToken(bob.user, ['streams:read'])}`;
      expectGraphQLError(await gql(api, readOnly, LEAVE, { streamId }), 'FORBIDDEN', 'streams:write');

      expect((await gql(api, bob.auth, LEAVE, { streamId })).body).to.deep.equal({ data: { streamLeave: true } });
      expectGraphQLError(await gql(api, bob.auth, `{ stream(id: "${streamId}") { id } }`), 'NOT_FOUND');
      expectGraphQLError(await gql(api, bob.auth, LEAVE, { streamId }), 'NOT_FOUND');

      // With a second owner, the first may leave.
      await grant(ada, streamId, bob.user.id, 'stream:owner');
      expect((await gql(api, ada.auth, LEAVE, { streamId })).body).to.deep.equal({ data: { streamLeave: true } });
      expect((await listCollaborators(api.db.models, bob.user.id, streamId)).map((c) => [c.id, c.role])).to.deep.equal([[bob.user.id, 'stream:owner']]);
    });

    it('isDiscoverable on create and update, over GraphQL and REST; a private stream is never discoverable', async () => {
      const ada = await api.actor('ada', WRITE);
      const created = await gql(api, ada.auth, STREAM_CREATE, { stream: { name: 'open', isPublic: true, isDiscoverable: true } });
      const id = created.body.data.streamCreate as string;
      const read = async () => (await gql(api, ada.auth, `{ stream(id: "${id}") { isPublic isDiscoverable } }`)).body.data.stream;
      expect(await read()).to.deep.equal({ isPublic: true, isDiscoverable: true });
      const update = 'mutation($s: StreamUpdateInput!) { streamUpdate(stream: $s) }';
      await gql(api, ada.auth, update, { s: { id, isPublic: false } });
      expect(await read()).to.deep.equal({ isPublic: false, isDiscoverable: false });
      await gql(api, ada.auth, update, { s: { id, isDiscoverable: true } });
      expect(await read(), 'still private').to.deep.equal({ isPublic: false, isDiscoverable: false });

      const rest = await api.http().post('/api/streams').set('Authorization', ada.auth).send({ name: 'rest', isPublic: true, isDiscoverable: true }).expect(201);
      expect(rest.body).to.include({ isPublic: true, isDiscoverable: true });
      const plain = await gql(api, ada.auth, STREAM_CREATE, { stream: { name: 'plain', isPublic: true } });
      expect((await gql(api, ada.auth, `{ stream(id: "${plain.body.data.streamCreate}") { isDiscoverable } }`)).body.data.stream).to.deep.equal({ isDiscoverable: false });
    });

    it('granting, changing and revoking a collaborator move the stream\'s updatedAt, over GraphQL and REST', async () => {
      const ada = await api.actor('ada', WRITE);
      const bob = await api.actor('bob', WRITE);
      const cat = await api.makeUser('cat');
      const streamId = await makeStream(ada);
      const backdate = () => api.db.sequelize.query('UPDATE streams SET "updatedAt" = :at WHERE id = :id', { replacements: { at: new Date(LONG_AGO), id: streamId } });
      const updatedAt = async () => (await gql(api, ada.auth, `{ stream(id: "${streamId}") { updatedAt } }`)).body.data.stream.updatedAt as string;
      const rest = (method: 'put' | 'delete', userId: string) => api.http()[method](`/api/streams/${streamId}/collaborators/${userId}`).set('Authorization', ada.auth);
      const steps: [string, () => Promise<{ status: number }>][] = [
        ['GraphQL grant', () => grant(ada, streamId, bob.user.id, 'stream:reviewer')],
        ['GraphQL change by grant', () => grant(ada, streamId, bob.user.id, 'stream:contributor')],
        ['GraphQL streamUpdatePermission', () => gql(api, ada.auth, UPDATE_PERMISSION, { permission_params: { streamId, userId: bob.user.id, role: 'stream:reviewer' } })],
        ['GraphQL revoke', () => gql(api, ada.auth, 'mutation($p: StreamRevokePermissionInput!) { streamRevokePermission(permissionParams: $p) }', { p: { streamId, userId: bob.user.id } })],
        ['REST grant', () => rest('put', cat.id).send({ role: 'stream:reviewer' })],
        ['REST change', () => rest('put', cat.id).send({ role: 'stream:contributor' })],
        ['REST revoke', () => rest('delete', cat.id)],
        ['GraphQL grant again', () => grant(ada, streamId, bob.user.id, 'stream:reviewer')],
        ['GraphQL streamLeave', () => gql(api, bob.auth, LEAVE, { streamId })],
      ];
      for (const [name, step] of steps) {
        await backdate();
        expect(await updatedAt()).to.equal(LONG_AGO);
        const res = await step();
        expect(res.status, name).to.be.oneOf([200, 204]);
        expect(Date.parse(await updatedAt()), name).to.be.greaterThan(Date.parse(LONG_AGO));
      }

      // The list is ordered by updatedAt: the shared stream comes first again.
      const other = await makeStream(ada);
      await backdate();
      await api.db.sequelize.query('UPDATE streams SET "updatedAt" = :at WHERE id = :id', { replacements: { at: new Date('2021-01-01T00:00:00Z'), id: other } });
      const order = async () => ((await gql(api, ada.auth, '{ streams { items { id } } }')).body.data.streams.items as { id: string }[]).map((s) => s.id);
      expect(await order()).to.deep.equal([other, streamId]);
      await rest('put', cat.id).send({ role: 'stream:reviewer' }).expect(200);
      expect(await order()).to.deep.equal([streamId, other]);
    });
  });
}
