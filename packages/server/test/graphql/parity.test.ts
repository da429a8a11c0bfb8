import { expect } from 'chai';
import { createCommit } from '../../src/services/commits.js';
import { grantPermission } from '../../src/services/streams.js';
import { DATABASE_KINDS, gql, withApi } from './helpers.js';
import type { Actor, ApiHarness } from './helpers.js';

const STREAM_FIELDS = 'id name description isPublic isDiscoverable createdAt updatedAt role';
const COMMIT_FIELDS = 'id streamId message branchName objectId authorId sourceApplication totalChildrenCount parents createdAt';

/** Asks REST and GraphQL the same question with the same token; both must succeed. */
async function both(api: ApiHarness, actor: Actor, path: string, query: string): Promise<[unknown, Record<string, unknown>]> {
  const rest = await api.http().get(path).set('Authorization', actor.auth);
  expect(rest.status, `${path}: ${rest.text}`).to.equal(200);
  const graph = await gql(api, actor.auth, query);
  expect(graph.body.errors, `${query}: ${graph.text}`).to.equal(undefined);
  return [rest.body, graph.body.data];
}

for (const kind of DATABASE_KINDS) {
  describe(`REST and GraphQL give the same answers on ${kind}`, () => {
    const api = withApi(kind);
    let ada: Actor;
    let streamId: string;
    let bobId: string;

    beforeEach(async () => {
      ada = await api.actor('ada', ['profile:read', 'profile:email', 'streams:read', 'users:read', 'tokens:read']);
      const bob = await api.makeUser('bob');
      bobId = bob.id;
      for (const name of ['one', 'two', 'three']) {
        const stream = await api.makeStream(ada.user, { name });
        streamId = stream.id;
      }
      await grantPermission(api.db.models, ada.user.id, streamId, bob.id, 'stream:contributor');
      for (const message of ['first', 'second', 'third']) await createCommit(api.db.models, bob.id, streamId, { message });
      const shared = await api.makeStream(bob, { name: 'bob shares', isPublic: true });
      await grantPermission(api.db.models, bob.id, shared.id, ada.user.id, 'stream:reviewer');
    });

    it('the caller (GET /api/user vs user)', async () => {
      const [rest, graph] = await both(api, ada, '/api/user', '{ user { id name email bio company avatar role } }');
      const { role, ...user } = graph.user as Record<string, unknown>;
      const { serverRole, ...restUser } = rest as Record<string, unknown>;
      expect(user).to.deep.equal(restUser);
      expect(role).to.equal(serverRole);
    });

    it('another user (GET /api/users/:id vs otherUser)', async () => {
      const [rest, graph] = await both(api, ada, `/api/users/${bobId}`, `{ otherUser(id: "${bobId}") { id name email bio company avatar } }`);
      // REST leaves out the email it may not show; GraphQL answers null for it.
      expect(graph.otherUser).to.deep.equal({ ...(rest as object), email: null });
    });

    it('the streams list, page by page (GET /api/streams vs streams and user.streams)', async () => {
      const [rest, graph] = await both(api, ada, '/api/streams?limit=2', `{ streams(limit: 2) { totalCount cursor items { ${STREAM_FIELDS} } } }`);
      expect(graph.streams).to.deep.equal(rest);
      const cursor = (rest as { cursor: string }).cursor;
      const [restNext, graphNext] = await both(
        api,
        ada,
        `/api/streams?limit=2&cursor=${cursor}`,
        `{ user { streams(limit: 2, cursor: "${cursor}") { totalCount cursor items { ${STREAM_FIELDS} } } } }`,
      );
      expect((graphNext.user as Record<string, unknown>).streams).to.deep.equal(restNext);
      expect((restNext as { totalCount: number }).totalCount).to.equal(4);
    });

    it('one stream (GET /api/streams/:id vs stream)', async () => {
      const [rest, graph] = await both(api, ada, `/api/streams/${streamId}`, `{ stream(id: "${streamId}") { ${STREAM_FIELDS} } }`);
      expect(graph.stream).to.deep.equal(rest);
    });

    it("a stream's commits and collaborators", async () => {
      const [rest, graph] = await both(
        api,
        ada,
        `/api/streams/${streamId}/commits?limit=2`,
        `{ stream(id: "${streamId}") { commits(limit: 2) { totalCount cursor items { ${COMMIT_FIELDS} } } } }`,
      );
      expect((graph.stream as Record<string, unknown>).commits).to.deep.equal(rest);

      const [restPeople, graphPeople] = await both(
        api,
        ada,
        `/api/streams/${streamId}/collaborators`,
        `{ stream(id: "${streamId}") { collaborators { id name bio company avatar role } } }`,
      );
      expect((graphPeople.stream as Record<string, unknown>).collaborators).to.deep.equal((restPeople as { items: unknown[] }).items);
    });

    it('the caller\'s tokens (GET /api/tokens vs user.apiTokens)', async () => {
      await api.makeToken(ada.user, ['streams:read']);
      const [rest, graph] = await both(
        api,
        ada,
        '/api/tokens',
        '{ user { apiTokens { id name scopes lastChars createdAt expiresAt lastUsedAt lastUsedIp lastUsedUserAgent revokedAt streamIds } } }',
      );
      // The last use is written off the request path after a token's first use, so it may land between the
      // two requests; every other field must match.
      const withoutLastUsed = (tokens: unknown) =>
        (tokens as Record<string, unknown>[]).map(({ lastUsedAt: _at, lastUsedIp: _ip, lastUsedUserAgent: _agent, ...t }) => t);
      expect(withoutLastUsed((graph.user as Record<string, unknown>).apiTokens)).to.deep.equal(
        withoutLastUsed((rest as { items: unknown[] }).items),
      );
    });

    it('the same refusal for a stream nobody may see', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const rest = await api.http().get(`/api/streams/${missing}`).set('Authorization', ada.auth);
      const graph = await gql(api, ada.auth, `{ stream(id: "${missing}") { id } }`);
      expect(rest.status).to.equal(404);
      expect(graph.body.errors[0].message).to.equal(rest.body.error.message);
      expect(graph.body.errors[0].extensions.code).to.equal('NOT_FOUND');
    });
  });
}
