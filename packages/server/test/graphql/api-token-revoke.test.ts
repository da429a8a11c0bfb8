import { expect } from 'chai';
import express from 'express';
import type { PatAuthInfo } from '@patgate/middleware';
import request from 'supertest';
import { graphqlRouter } from '../../src/graphql/index.js';
import { errorHandler } from '../../src/http/errors.js';
import type { UserRecord } from '../../src/services/users.js';
import { DATABASE_KINDS, expectGraphQLError, gql, withApi } from './helpers.js';
import type { ApiHarness } from './helpers.js';

/**
 * The profile page's session stands in for a token with `req.user` and `req.authInfo` (scopes including
 * tokens:write, which no PAT can carry). This app does the same in a few lines, so the test exercises
 * the GraphQL side of the contract without a browser session.
 */
function sessionApp(api: ApiHarness, user: UserRecord) {
  const { models, issuer } = api.app.locals.patgate;
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    req.user = user;
    const info: PatAuthInfo = { tokenId: 'session:test', scopes: ['profile:read', 'tokens:read', 'tokens:write'], expiresAt: null };
    req.authInfo = info;
    next();
  });
  app.use('/graphql', graphqlRouter({ models, issuer }));
  app.use(errorHandler());
  return app;
}

const revoke = (id: string) => ({ query: 'mutation($id: String!) { apiTokenRevoke(token: $id) }', variables: { id } });

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL apiTokenRevoke on ${kind}`, () => {
    const api = withApi(kind);

    async function tokenIdOf(token: string): Promise<string> {
      const res = await api.http().get('/api/tokens/current').set('Authorization', `Bearer ${token}`);
      return res.body.id as string;
    }

    it('is FORBIDDEN to every personal access token (tokens:write cannot be granted to one)', async () => {
      const ada = await api.actor('ada', ['profile:read', 'tokens:read', 'streams:write']);
      const id = await tokenIdOf(ada.token);
      const res = await gql(api, ada.auth, revoke(id).query, revoke(id).variables);
      expectGraphQLError(res, 'FORBIDDEN', 'tokens:write');
      expect((await gql(api, ada.auth, '{ user { id } }')).status).to.equal(200);
    });

    it("revokes the signed-in user's own token from a session; the token is refused at once", async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const id = await tokenIdOf(ada.token);
      const res = await request(sessionApp(api, ada.user)).post('/graphql').send(revoke(id));
      expect(res.body).to.deep.equal({ data: { apiTokenRevoke: true } });
      const after = await gql(api, ada.auth, '{ user { id } }');
      expect(after.status).to.equal(401);
      expect(after.headers['www-authenticate']).to.match(/error="invalid_token"/);
      // Revoking again is still true: the token is revoked either way.
      expect((await request(sessionApp(api, ada.user)).post('/graphql').send(revoke(id))).body).to.deep.equal({ data: { apiTokenRevoke: true } });
    });

    it("answers NOT_FOUND for someone else's token and leaves it working", async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const bob = await api.actor('bob', ['profile:read']);
      const res = await request(sessionApp(api, ada.user)).post('/graphql').send(revoke(await tokenIdOf(bob.token)));
      expectGraphQLError(res, 'NOT_FOUND');
      expect((await gql(api, bob.auth, '{ user { id } }')).status).to.equal(200);
    });

    it('refuses a malformed id as BAD_USER_INPUT, as DELETE /api/tokens/:id does', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const body = expectGraphQLError(await request(sessionApp(api, ada.user)).post('/graphql').send(revoke('not a token id')), 'BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).to.equal('token: must be a token id');
    });
  });
}
