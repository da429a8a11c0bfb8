import { expect } from 'chai';
import { createStream } from '../../src/services/streams.js';
import { grantPermission } from '../../src/services/streams.js';
import { NO_TOKEN, expectFailsWith } from '../http/helpers.js';
import { DATABASE_KINDS, gql, withApi } from './helpers.js';

const SEED_QUERY = '{ user { id streams { totalCount } } }';

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL: the documentation's query on ${kind}`, () => {
    const api = withApi(kind);

    it('answers exactly { data: { user: { id, streams: { totalCount } } } }, counting every stream with a role', async () => {
      const ada = await api.actor('ada', ['profile:read', 'streams:read']);
      const bob = await api.makeUser('bob');
      await api.makeStream(ada.user, { name: 'own' });
      await api.makeStream(ada.user, { name: 'own, public', isPublic: true });
      const shared = await createStream(api.db.models, bob.id, { name: 'shared with ada' });
      await grantPermission(api.db.models, bob.id, shared.id, ada.user.id, 'stream:reviewer');
      // Public but without a role: seen by `stream(id)`, not counted as one of ada's streams.
      await api.makeStream(bob, { name: 'bob public', isPublic: true });

      const res = await gql(api, ada.auth, SEED_QUERY);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      expect(res.text).to.equal(JSON.stringify({ data: { user: { id: ada.user.id, streams: { totalCount: 3 } } } }));
    });

    it('answers over GET as well', async () => {
      const ada = await api.actor('ada', ['profile:read', 'streams:read']);
      const res = await api.http().get('/graphql').query({ query: SEED_QUERY }).set('Authorization', ada.auth);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ data: { user: { id: ada.user.id, streams: { totalCount: 0 } } } });
    });

    it('refuses a request without a token with 401 and the bearer challenge', async () => {
      expectFailsWith(await gql(api, undefined, SEED_QUERY), 401, NO_TOKEN);
    });

    it('refuses a bad token with 401 invalid_token', async () => {
      const res = await gql(api, 'Bearer pat_0000000000abcdefghijklmnopqrstuvwxyz012345ABCDEF', SEED_QUERY);
      expectFailsWith(res, 401, /^Bearer realm="patgate", error="invalid_token"/);
    });

    it('names the missing scope: streams without streams:read is FORBIDDEN, the rest still answers', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const res = await gql(api, ada.auth, SEED_QUERY);
      expect(res.status).to.equal(200);
      // The field is nullable so that one missing scope costs only that field: the id still answers.
      expect(res.body.data).to.deep.equal({ user: { id: ada.user.id, streams: null } });
      expect(res.body.errors).to.have.length(1);
      expect(res.body.errors[0]).to.include({ message: 'This action needs the scope streams:read' });
      expect(res.body.errors[0].path).to.deep.equal(['user', 'streams']);
      expect(res.body.errors[0].extensions).to.deep.equal({ code: 'FORBIDDEN', scope: 'streams:read' });
    });
  });
}
