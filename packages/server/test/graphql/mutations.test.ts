import { expect } from 'chai';
import { grantPermission, listCollaborators } from '../../src/services/streams.js';
import { listCommits } from '../../src/services/commits.js';
import { DATABASE_KINDS, expectGraphQLError, gql, withApi } from './helpers.js';

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL mutations on ${kind}`, () => {
    const api = withApi(kind);
    const WRITE = ['streams:read', 'streams:write'];

    /** An owner, a contributor, a reviewer and a stranger (all with streams:write) around one private stream. */
    async function team() {
      const owner = await api.actor('owner', WRITE);
      const contributor = await api.actor('contributor', WRITE);
      const reviewer = await api.actor('reviewer', WRITE);
      const stranger = await api.actor('stranger', WRITE);
      const stream = await api.makeStream(owner.user, { name: 'bridge' });
      await grantPermission(api.db.models, owner.user.id, stream.id, contributor.user.id, 'stream:contributor');
      await grantPermission(api.db.models, owner.user.id, stream.id, reviewer.user.id, 'stream:reviewer');
      return { owner, contributor, reviewer, stranger, stream };
    }

    it('every stream and commit mutation is FORBIDDEN without streams:write, naming it', async () => {
      const { owner, stream } = await team();
      const readOnly = `Bearer ${await api.makeToken(owner.user, ['streams:read'])}`;
      const calls = [
        'mutation { streamCreate(stream: { name: "x" }) }',
        `mutation { streamUpdate(stream: { id: "${stream.id}", name: "y" }) }`,
        `mutation { streamDelete(id: "${stream.id}") }`,
        `mutation { streamGrantPermission(permissionParams: { streamId: "${stream.id}", userId: "${owner.user.id}", role: "stream:owner" }) }`,
        `mutation { streamRevokePermission(permissionParams: { streamId: "${stream.id}", userId: "${owner.user.id}" }) }`,
        `mutation { commitCreate(commit: { streamId: "${stream.id}", message: "m" }) }`,
      ];
      for (const call of calls) {
        const body = expectGraphQLError(await gql(api, readOnly, call), 'FORBIDDEN', 'streams:write');
        expect(body.data, call).to.equal(null);
      }
    });

    it('streamCreate returns the id of a stream the caller owns; bad input is BAD_USER_INPUT naming the field', async () => {
      const ada = await api.actor('ada', WRITE);
      const res = await gql(api, ada.auth, 'mutation($s: StreamCreateInput!) { streamCreate(stream: $s) }', {
        s: { name: ' Bridge ', description: 'steel', isPublic: true },
      });
      const id = res.body.data.streamCreate as string;
      const read = await gql(api, ada.auth, `{ stream(id: "${id}") { name description isPublic role } }`);
      expect(read.body.data.stream).to.deep.equal({ name: 'Bridge', description: 'steel', isPublic: true, role: 'stream:owner' });

      const bad = expectGraphQLError(await gql(api, ada.auth, 'mutation { streamCreate(stream: { name: "  " }) }'), 'BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).to.match(/^stream\.name: /);
    });

    it('streamUpdate and streamDelete: owner only (FORBIDDEN for a contributor, NOT_FOUND for a stranger)', async () => {
      const { owner, contributor, stranger, stream } = await team();
      const update = `mutation { streamUpdate(stream: { id: "${stream.id}", name: "renamed" }) }`;
      expectGraphQLError(await gql(api, contributor.auth, update), 'FORBIDDEN');
      expectGraphQLError(await gql(api, stranger.auth, update), 'NOT_FOUND');
      expect((await gql(api, owner.auth, update)).body).to.deep.equal({ data: { streamUpdate: true } });
      const empty = expectGraphQLError(await gql(api, owner.auth, `mutation { streamUpdate(stream: { id: "${stream.id}" }) }`), 'BAD_USER_INPUT');
      expect(empty.errors?.[0]?.message).to.include('give at least one of name, description, isPublic');

      const remove = `mutation { streamDelete(id: "${stream.id}") }`;
      expectGraphQLError(await gql(api, contributor.auth, remove), 'FORBIDDEN');
      expectGraphQLError(await gql(api, stranger.auth, remove), 'NOT_FOUND');
      expect((await gql(api, owner.auth, remove)).body).to.deep.equal({ data: { streamDelete: true } });
      expectGraphQLError(await gql(api, owner.auth, `{ stream(id: "${stream.id}") { id } }`), 'NOT_FOUND');
    });

    it('streamGrantPermission and streamRevokePermission: owner only, known roles, never the last owner (CONFLICT)', async () => {
      const { owner, contributor, reviewer, stream } = await team();
      const grant = (userId: string, role: string) =>
        `mutation { streamGrantPermission(permissionParams: { streamId: "${stream.id}", userId: "${userId}", role: "${role}" }) }`;
      const revoke = (userId: string) =>
        `mutation { streamRevokePermission(permissionParams: { streamId: "${stream.id}", userId: "${userId}" }) }`;

      expectGraphQLError(await gql(api, contributor.auth, grant(reviewer.user.id, 'stream:owner')), 'FORBIDDEN');
      const badRole = expectGraphQLError(await gql(api, owner.auth, grant(reviewer.user.id, 'stream:king')), 'BAD_USER_INPUT');
      expect(badRole.errors?.[0]?.message).to.match(/^permissionParams\.role: /);
      expect((await gql(api, owner.auth, grant(reviewer.user.id, 'stream:contributor'))).body).to.deep.equal({
        data: { streamGrantPermission: true },
      });

      expectGraphQLError(await gql(api, contributor.auth, revoke(reviewer.user.id)), 'FORBIDDEN');
      expectGraphQLError(await gql(api, owner.auth, revoke(owner.user.id)), 'CONFLICT');
      expectGraphQLError(await gql(api, owner.auth, grant(owner.user.id, 'stream:reviewer')), 'CONFLICT');
      expect((await gql(api, owner.auth, revoke(contributor.user.id))).body).to.deep.equal({ data: { streamRevokePermission: true } });
      expectGraphQLError(await gql(api, owner.auth, revoke(contributor.user.id)), 'NOT_FOUND');

      const people = await listCollaborators(api.db.models, owner.user.id, stream.id);
      expect(people.map((p) => [p.name, p.role])).to.deep.equal([
        ['owner', 'stream:owner'],
        ['reviewer', 'stream:contributor'],
      ]);
    });

    it('commitCreate: contributors and owners; FORBIDDEN for a reviewer, NOT_FOUND for a stranger', async () => {
      const { owner, contributor, reviewer, stranger, stream } = await team();
      const commit = `mutation { commitCreate(commit: { streamId: "${stream.id}", message: "add deck", objectId: "f00d" }) }`;
      expectGraphQLError(await gql(api, reviewer.auth, commit), 'FORBIDDEN');
      expectGraphQLError(await gql(api, stranger.auth, commit), 'NOT_FOUND');
      const id = (await gql(api, contributor.auth, commit)).body.data.commitCreate as string;
      const page = await listCommits(api.db.models, owner.user.id, stream.id);
      expect(page.items.map((c) => [c.id, c.authorId, c.message, c.branchName, c.objectId])).to.deep.equal([
        [id, contributor.user.id, 'add deck', 'main', 'f00d'],
      ]);
      // Speckle's message is optional; a bad value of another field is still refused, naming it.
      const bad = expectGraphQLError(await gql(api, owner.auth, `mutation { commitCreate(commit: { streamId: "${stream.id}", totalChildrenCount: -1 }) }`), 'BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).to.match(/^commit\.totalChildrenCount: /);
    });

    it('mutations are refused over GET with 405', async () => {
      const ada = await api.actor('ada', WRITE);
      const res = await api.http().get('/graphql').query({ query: 'mutation { streamCreate(stream: { name: "x" }) }' }).set('Authorization', ada.auth);
      expect(res.status).to.equal(405);
      expect(res.headers.allow).to.equal('POST');
      expect((await gql(api, ada.auth, '{ streams { totalCount } }')).body.data.streams.totalCount).to.equal(0);
    });
  });
}
