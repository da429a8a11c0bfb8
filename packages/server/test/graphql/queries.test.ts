import { expect } from 'chai';
import { createCommit } from '../../src/services/commits.js';
import { grantPermission } from '../../src/services/streams.js';
import { DATABASE_KINDS, expectGraphQLError, gql, withApi } from './helpers.js';

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL queries on ${kind}`, () => {
    const api = withApi(kind);

    describe('user', () => {
      const PROFILE = '{ user { id name email bio company avatar role } }';

      it('gives the profile with email null without profile:email, as Speckle does', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        const res = await gql(api, ada.auth, PROFILE);
        expect(res.body).to.deep.equal({
          data: { user: { id: ada.user.id, name: 'ada', email: null, bio: null, company: null, avatar: null, role: 'server:user' } },
        });
      });

      it('gives the email with profile:email', async () => {
        const ada = await api.actor('ada', ['profile:read', 'profile:email']);
        const res = await gql(api, ada.auth, '{ user { email } }');
        expect(res.body).to.deep.equal({ data: { user: { email: 'ada@example.com' } } });
      });

      it('is FORBIDDEN without profile:read', async () => {
        const ada = await api.actor('ada', ['streams:read']);
        const body = expectGraphQLError(await gql(api, ada.auth, '{ user { id } }'), 'FORBIDDEN', 'profile:read');
        expect(body.data).to.deep.equal({ user: null });
      });

      it('lists apiTokens with tokens:read, never a secret, and refuses them without it', async () => {
        const ada = await api.actor('ada', ['profile:read', 'tokens:read']);
        const res = await gql(api, ada.auth, '{ user { apiTokens { id name scopes lastChars createdAt expiresAt lastUsedAt revokedAt } } }');
        const tokens = res.body.data.user.apiTokens as Record<string, unknown>[];
        expect(tokens).to.have.length(1);
        expect(tokens[0]).to.include({ name: 'test', revokedAt: null });
        expect(tokens[0]?.scopes).to.deep.equal(['profile:read', 'tokens:read']);
        expect(ada.token.endsWith(tokens[0]?.lastChars as string)).to.equal(true);
        expect(res.text).not.to.include(ada.token.slice(-20));

        const bare = await api.makeToken(ada.user, ['profile:read']);
        expectGraphQLError(await gql(api, `Bearer ${bare}`, '{ user { apiTokens { id } } }'), 'FORBIDDEN', 'tokens:read');
      });
    });

    describe('otherUser', () => {
      it('gives the public profile with users:read; the email needs users:email and server:admin', async () => {
        const bob = await api.makeUser('bob');
        const query = `{ otherUser(id: "${bob.id}") { id name email } }`;
        const reader = await api.actor('reader', ['users:read', 'users:email']);
        expect((await gql(api, reader.auth, query)).body).to.deep.equal({ data: { otherUser: { id: bob.id, name: 'bob', email: null } } });

        const admin = await api.actor('admin', ['users:read', 'users:email'], { serverRole: 'server:admin' });
        expect((await gql(api, admin.auth, query)).body.data.otherUser.email).to.equal('bob@example.com');

        const adminNoScope = await api.makeToken(admin.user, ['users:read']);
        expect((await gql(api, `Bearer ${adminNoScope}`, query)).body.data.otherUser.email).to.equal(null);
      });

      it('is FORBIDDEN without users:read, NOT_FOUND for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        expectGraphQLError(await gql(api, ada.auth, `{ otherUser(id: "${ada.user.id}") { id } }`), 'FORBIDDEN', 'users:read');
        const reader = await api.actor('reader', ['users:read']);
        const missing = expectGraphQLError(
          await gql(api, reader.auth, '{ otherUser(id: "00000000-0000-4000-8000-000000000000") { id } }'),
          'NOT_FOUND',
        );
        expect(missing.errors?.[0]?.message).to.equal('User not found');
        const bad = expectGraphQLError(await gql(api, reader.auth, '{ otherUser(id: "nope") { id } }'), 'BAD_USER_INPUT');
        expect(bad.errors?.[0]?.message).to.equal('id: must be a valid id');
      });
    });

    describe('streams and stream', () => {
      it('pages through streams with limit and cursor', async () => {
        const ada = await api.actor('ada', ['streams:read']);
        for (const name of ['a', 'b', 'c']) await api.makeStream(ada.user, { name });
        const first = (await gql(api, ada.auth, '{ streams(limit: 2) { totalCount cursor items { name role } } }')).body.data.streams;
        expect(first.totalCount).to.equal(3);
        expect(first.items).to.have.length(2);
        expect(first.cursor).to.be.a('string');
        const second = await gql(api, ada.auth, 'query($c: String) { streams(limit: 2, cursor: $c) { cursor items { name } } }', { c: first.cursor });
        expect(second.body.data.streams.items).to.have.length(1);
        expect(second.body.data.streams.cursor).to.equal(null);
      });

      it('refuses a limit over 100 and a foreign cursor as BAD_USER_INPUT', async () => {
        const ada = await api.actor('ada', ['streams:read']);
        expectGraphQLError(await gql(api, ada.auth, '{ streams(limit: 101) { totalCount } }'), 'BAD_USER_INPUT');
        expectGraphQLError(await gql(api, ada.auth, '{ streams(cursor: "garbage") { totalCount } }'), 'BAD_USER_INPUT');
      });

      it('refuses a tampered cursor as BAD_USER_INPUT naming cursor, not INTERNAL_SERVER_ERROR', async () => {
        const ada = await api.actor('ada', ['streams:read']);
        await api.makeStream(ada.user);
        // [9007199254740991,"x"]: a time no Date can hold and an id no stream has.
        const res = await gql(api, ada.auth, '{ streams(cursor: "WzkwMDcxOTkyNTQ3NDA5OTEsIngiXQ") { totalCount items { id } } }');
        const body = expectGraphQLError(res, 'BAD_USER_INPUT');
        expect(body.errors?.[0]?.message).to.match(/cursor/);
      });

      it('shows a stream with collaborators and commits to someone with a role', async () => {
        const ada = await api.actor('ada', ['streams:read']);
        const bob = await api.makeUser('bob');
        const stream = await api.makeStream(ada.user, { name: 'bridge' });
        await grantPermission(api.db.models, ada.user.id, stream.id, bob.id, 'stream:contributor');
        await createCommit(api.db.models, bob.id, stream.id, { message: 'first' });
        const res = await gql(
          api,
          ada.auth,
          `{ stream(id: "${stream.id}") { name role collaborators { name role } commits { totalCount items { message authorId branchName } } } }`,
        );
        expect(res.body).to.deep.equal({
          data: {
            stream: {
              name: 'bridge',
              role: 'stream:owner',
              collaborators: [
                { name: 'ada', role: 'stream:owner' },
                { name: 'bob', role: 'stream:contributor' },
              ],
              commits: { totalCount: 1, items: [{ message: 'first', authorId: bob.id, branchName: 'main' }] },
            },
          },
        });
      });

      it("hides someone else's private stream (NOT_FOUND) and shows a public one without its collaborators (FORBIDDEN)", async () => {
        const ada = await api.actor('ada', ['streams:read']);
        const bob = await api.makeUser('bob');
        const hidden = await api.makeStream(bob, { name: 'private' });
        expectGraphQLError(await gql(api, ada.auth, `{ stream(id: "${hidden.id}") { id } }`), 'NOT_FOUND');

        const open = await api.makeStream(bob, { name: 'public', isPublic: true });
        const res = await gql(api, ada.auth, `{ stream(id: "${open.id}") { name role commits { totalCount } } }`);
        expect(res.body).to.deep.equal({ data: { stream: { name: 'public', role: null, commits: { totalCount: 0 } } } });
        expectGraphQLError(await gql(api, ada.auth, `{ stream(id: "${open.id}") { collaborators { id } } }`), 'FORBIDDEN');
      });

      it('is FORBIDDEN without streams:read', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        expectGraphQLError(await gql(api, ada.auth, '{ streams { totalCount } }'), 'FORBIDDEN', 'streams:read');
        const stream = await api.makeStream(ada.user);
        expectGraphQLError(await gql(api, ada.auth, `{ stream(id: "${stream.id}") { id } }`), 'FORBIDDEN', 'streams:read');
      });
    });
  });
}
