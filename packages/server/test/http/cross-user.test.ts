/**
 * A second user, holding every grantable scope (and, for token routes, a signed-in session), can neither
 * read, change nor detect the first user's private stream, its commits and collaborators, or the first
 * user's tokens: every answer about them is exactly the answer about an id that does not exist.
 */
import { randomUUID } from 'node:crypto';
import { generateToken } from '@patgate/middleware';
import { expect } from 'chai';
import { SCOPES } from '../../src/scopes.js';
import { createCommit } from '../../src/services/commits.js';
import { grantPermission } from '../../src/services/stream-collaborators.js';
import { PASSWORD, signedIn } from '../web/helpers.js';
import { DATABASE_KINDS, withApi } from './helpers.js';

const GRANTABLE = SCOPES.filter((s) => s.grantable).map((s) => s.name);

for (const kind of DATABASE_KINDS) {
  describe(`a second user against the first user's private things on ${kind}`, function () {
    this.timeout(60_000);
    const api = withApi(kind, { apiRateLimitPerMinute: 0, authFailuresPerMinute: 0 });

    async function setup() {
      const ada = await api.makeUser('ada');
      const carl = await api.makeUser('carl');
      const bob = await api.makeUser('bob', { password: PASSWORD });
      const stream = await api.makeStream(ada, { name: 'ada private' });
      await grantPermission(api.db.models, ada.id, stream.id, carl.id, 'stream:contributor');
      await createCommit(api.db.models, ada.id, stream.id, { message: 'secret plans' });
      const { issuer } = api.app.locals.patgate;
      const adaToken = await issuer.create({ ownerId: ada.id, name: 'ada ci', scopes: ['streams:read'] });
      const bobAuth = `Bearer ${(await issuer.create({ ownerId: bob.id, name: 'bob all', scopes: GRANTABLE })).token}`;
      return { ada, bob, carl, stream, adaToken, bobAuth };
    }

    /** The answer with the real id and with one that exists nowhere, the id itself masked. */
    const masked = (res: { status: number; body: unknown }, id: string) => ({ status: res.status, body: JSON.stringify(res.body).split(id).join('<id>') });

    it('gets the same answers over REST for the private stream, its collaborators and commits as for a stream that does not exist', async () => {
      const { ada, bob, carl, stream, bobAuth } = await setup();
      const routes: [string, (id: string) => string, object?][] = [
        ['get', (id) => `/api/streams/${id}`],
        ['patch', (id) => `/api/streams/${id}`, { name: 'taken over' }],
        ['delete', (id) => `/api/streams/${id}`],
        ['get', (id) => `/api/streams/${id}/collaborators`],
        ['put', (id) => `/api/streams/${id}/collaborators/${bob.id}`, { role: 'stream:owner' }],
        ['delete', (id) => `/api/streams/${id}/collaborators/${carl.id}`],
        ['get', (id) => `/api/streams/${id}/commits`],
        ['post', (id) => `/api/streams/${id}/commits`, { message: 'injected' }],
      ];
      for (const [method, path, body] of routes) {
        const send = (id: string) => {
          const req = api.http()[method as 'get'](path(id)).set('Authorization', bobAuth);
          return body ? req.send(body) : req;
        };
        const missing = randomUUID();
        const [real, none] = [await send(stream.id), await send(missing)];
        expect(real.status, `${method} ${path('…')}`).to.equal(404);
        expect(masked(real, stream.id), `${method} ${path('…')}`).to.deep.equal(masked(none, missing));
      }
      const list = await api.http().get('/api/streams').set('Authorization', bobAuth).expect(200);
      expect(list.body).to.include({ totalCount: 0 });
      // Nothing changed: the stream, its roles and its one commit are as Ada left them.
      const after = await api.http().get(`/api/streams/${stream.id}/commits`).set('Authorization', `Bearer ${await api.makeToken(ada, ['streams:read'])}`).expect(200);
      expect(after.body.totalCount).to.equal(1);
      expect((await api.db.models.Stream.findByPk(stream.id))?.name).to.equal('ada private');
      expect((await api.db.models.StreamAcl.findAll({ where: { streamId: stream.id } })).map((r) => `${r.userId}:${r.role}`).sort()).to.deep.equal(
        [`${ada.id}:stream:owner`, `${carl.id}:stream:contributor`].sort(),
      );
    });

    it('gets the same answers over GraphQL for the private stream as for one that does not exist', async () => {
      const { bob, carl, stream, bobAuth } = await setup();
      const documents: [string, (id: string) => Record<string, unknown>][] = [
        ['query($id: String!) { stream(id: $id) { id name } }', (id) => ({ id })],
        ['query($id: String!) { stream(id: $id) { collaborators { id } } }', (id) => ({ id })],
        ['query($id: String!) { stream(id: $id) { commits { totalCount } } }', (id) => ({ id })],
        ['mutation($id: String!) { streamUpdate(stream: { id: $id, name: "taken over" }) }', (id) => ({ id })],
        ['mutation($id: String!) { streamDelete(id: $id) }', (id) => ({ id })],
        [`mutation($id: String!) { streamGrantPermission(permissionParams: { streamId: $id, userId: "${bob.id}", role: "stream:owner" }) }`, (id) => ({ id })],
        [`mutation($id: String!) { streamRevokePermission(permissionParams: { streamId: $id, userId: "${carl.id}" }) }`, (id) => ({ id })],
        ['mutation($id: String!) { commitCreate(commit: { streamId: $id, message: "injected" }) }', (id) => ({ id })],
      ];
      for (const [query, variables] of documents) {
        const send = (id: string) => api.http().post('/graphql').set('Authorization', bobAuth).send({ query, variables: variables(id) });
        const missing = randomUUID();
        const [real, none] = [await send(stream.id), await send(missing)];
        expect(JSON.stringify(real.body), query).to.contain('NOT_FOUND');
        expect(masked(real, stream.id), query).to.deep.equal(masked(none, missing));
      }
      const listed = await api.http().post('/graphql').set('Authorization', bobAuth).send({ query: '{ user { streams { totalCount } } streams { totalCount } }' });
      expect(listed.body.data).to.deep.equal({ user: { streams: { totalCount: 0 } }, streams: { totalCount: 0 } });
      expect((await api.db.models.Stream.findByPk(stream.id))?.name).to.equal('ada private');
      expect(await api.db.models.Commit.count()).to.equal(1);
    });

    it("never lists, revokes or tells apart the first user's tokens, with a token or a signed-in session", async () => {
      const { adaToken, bobAuth } = await setup();
      const listed = await api.http().get('/api/tokens').set('Authorization', bobAuth).expect(200);
      expect(JSON.stringify(listed.body)).not.to.contain(adaToken.info.id);
      const viaGraphql = await api.http().post('/graphql').set('Authorization', bobAuth).send({ query: '{ user { apiTokens { id } } }' });
      expect(JSON.stringify(viaGraphql.body)).not.to.contain(adaToken.info.id);

      const session = api.http();
      const csrf = await signedIn(session, 'bob@example.com');
      const missing = generateToken('pat').id;
      const revoke = (id: string) => session.delete(`/api/tokens/${id}`).set('x-csrf-token', csrf);
      const [real, none] = [await revoke(adaToken.info.id), await revoke(missing)];
      expect(real.status).to.equal(404);
      expect(masked(real, adaToken.info.id)).to.deep.equal(masked(none, missing));
      const gql = (id: string) =>
        session.post('/graphql').set('x-csrf-token', csrf).send({ query: 'mutation($t: String!) { apiTokenRevoke(token: $t) }', variables: { t: id } });
      const [gqlReal, gqlNone] = [await gql(adaToken.info.id), await gql(missing)];
      expect(gqlReal.status).to.equal(200);
      expect(JSON.stringify(gqlReal.body)).to.contain('NOT_FOUND');
      expect(masked(gqlReal, adaToken.info.id)).to.deep.equal(masked(gqlNone, missing));

      expect((await api.app.locals.patgate.tokenStore.findById(adaToken.info.id))?.revokedAt).to.equal(null);
    });
  });
}
