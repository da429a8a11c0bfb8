import { expect } from 'chai';
import type { Response } from 'supertest';
import { grantPermission } from '../../src/services/streams.js';
import { DATABASE_KINDS, withApi } from '../http/helpers.js';
import type { ApiHarness } from '../http/helpers.js';
import { routeTable } from './route-table.js';

const SCOPES = ['streams:read', 'streams:write', 'profile:read', 'tokens:read'];

/**
 * A request that works on a stream the token may reach, for each route that takes a stream id. A route
 * missing here fails the test below by name: add its sample, and it is checked like the others.
 */
const SAMPLES: Record<string, { body?: object; expect: number }> = {
  'GET /api/streams/:id': { expect: 200 },
  'PATCH /api/streams/:id': { body: { name: 'renamed' }, expect: 200 },
  'DELETE /api/streams/:id': { expect: 204 },
  'GET /api/streams/:id/collaborators': { expect: 200 },
  'PUT /api/streams/:id/collaborators/:userId': { body: { role: 'stream:contributor' }, expect: 200 },
  'DELETE /api/streams/:id/collaborators/:userId': { expect: 204 },
  'GET /api/streams/:id/commits': { expect: 200 },
  'POST /api/streams/:id/commits': { body: { message: 'Add deck' }, expect: 201 },
};

async function limitedSetup(api: ApiHarness) {
  const owner = await api.makeUser('owner');
  const colleague = await api.makeUser('colleague');
  const a = await api.makeStream(owner, { name: 'A' });
  const b = await api.makeStream(owner, { name: 'B' });
  for (const stream of [a, b]) await grantPermission(api.db.models, owner.id, stream.id, colleague.id, 'stream:reviewer');
  const issued = await api.app.locals.patgate.issuer.create({ ownerId: owner.id, name: 'CI for A', scopes: SCOPES, resourceIds: [a.id] });
  return { owner, colleague, a, b, auth: `Bearer ${issued.token}`, tokenId: issued.info.id };
}

function send(api: ApiHarness, method: string, path: string, auth: string, body?: object): Promise<Response> {
  const agent = api.http();
  const req = agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).set('Authorization', auth);
  return body ? req.send(body) : req;
}

for (const kind of DATABASE_KINDS) {
  describe(`a token limited to stream A, over REST, on ${kind}`, () => {
    const api = withApi(kind);
    const streamRoutes = () => routeTable(api.app).filter((r) => /^\/api\/streams\/:id(\/|$)/.test(r.path));

    it('has a sample for every route with a stream id, and no sample for a route that is gone', () => {
      const keys = streamRoutes().map((r) => `${r.method} ${r.path}`);
      expect(keys.length, 'routes found in the router').to.be.greaterThan(5);
      expect(keys.filter((key) => !(key in SAMPLES)), 'routes without a sample in SAMPLES').to.deep.equal([]);
      expect(Object.keys(SAMPLES).filter((key) => !keys.includes(key)), 'samples of routes that no longer exist').to.deep.equal([]);
    });

    for (const key of Object.keys(SAMPLES)) {
      it(`${key}: stream B is 404 not_found, stream A works`, async () => {
        const route = streamRoutes().find((r) => `${r.method} ${r.path}` === key);
        if (!route) return; // reported by the test above
        const sample = SAMPLES[key]!;
        const { colleague, a, b, auth } = await limitedSetup(api);
        const path = (id: string) => route.path.replace(':id', id).replace(':userId', colleague.id);
        const onB = await send(api, route.method, path(b.id), auth, sample.body);
        expect(onB.status, JSON.stringify(onB.body)).to.equal(404);
        expect(onB.body.error.code).to.equal('not_found');
        const onA = await send(api, route.method, path(a.id), auth, sample.body);
        expect(onA.status, JSON.stringify(onA.body)).to.equal(sample.expect);
        // B is as it was: the refused write changed nothing.
        const bNow = await api.db.models.Stream.findByPk(b.id);
        expect(bNow?.name).to.equal('B');
      });
    }

    it('GET /api/streams lists only A; POST /api/streams is 403 token_limited', async () => {
      const { a, auth } = await limitedSetup(api);
      const list = await api.http().get('/api/streams').set('Authorization', auth).expect(200);
      expect(list.body.totalCount).to.equal(1);
      expect(list.body.items.map((s: { id: string }) => s.id)).to.deep.equal([a.id]);
      const create = await api.http().post('/api/streams').set('Authorization', auth).send({ name: 'C' });
      expect(create.status).to.equal(403);
      expect(create.body.error.code).to.equal('token_limited');
      expect(await api.db.models.Stream.count()).to.equal(2);
    });

    it('introspection and the token list show streamIds; rotation keeps the limit', async () => {
      const { a, b, auth } = await limitedSetup(api);
      const current = await api.http().get('/api/tokens/current').set('Authorization', auth).expect(200);
      expect(current.body.streamIds).to.deep.equal([a.id]);
      const list = await api.http().get('/api/tokens').set('Authorization', auth).expect(200);
      expect(list.body.items[0].streamIds).to.deep.equal([a.id]);
      const rotated = await api.http().post('/api/tokens/current/rotate').set('Authorization', auth).expect(201);
      expect(rotated.body.streamIds).to.deep.equal([a.id]);
      const next = `Bearer ${rotated.body.token}`;
      await api.http().get(`/api/streams/${b.id}`).set('Authorization', next).expect(404);
      await api.http().get(`/api/streams/${a.id}`).set('Authorization', next).expect(200);
    });

    it('a token without a limit shows streamIds null and reaches both streams', async () => {
      const owner = await api.makeUser('owner');
      const a = await api.makeStream(owner, { name: 'A' });
      const b = await api.makeStream(owner, { name: 'B' });
      const auth = `Bearer ${await api.makeToken(owner, SCOPES)}`;
      expect((await api.http().get('/api/tokens/current').set('Authorization', auth).expect(200)).body.streamIds).to.equal(null);
      for (const stream of [a, b]) await api.http().get(`/api/streams/${stream.id}`).set('Authorization', auth).expect(200);
      expect((await api.http().get('/api/streams').set('Authorization', auth).expect(200)).body.totalCount).to.equal(2);
    });
  });
}
