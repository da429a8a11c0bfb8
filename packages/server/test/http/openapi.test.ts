import { expect } from 'chai';
import { Validator } from '@seriousme/openapi-schema-validator';
import { OPERATIONS } from '../../src/http/openapi/operations.js';
import { listRoutes } from '../../src/http/openapi/route-table.js';
import { withApi } from './helpers.js';

const key = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

describe('GET /api/openapi.json', () => {
  const api = withApi('sqlite');

  it('is public and validates as OpenAPI 3.1', async () => {
    const res = await api.http().get('/api/openapi.json').expect(200).expect('Content-Type', /application\/json/);
    expect(res.body.openapi).to.equal('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal('3.1');
  });

  it('describes exactly the REST routes the app has: none added without a description, none described that is gone', () => {
    const routes = listRoutes(api.app).map(key);
    const described = OPERATIONS.map(key);
    expect(routes.filter((route) => !described.includes(route)), 'routes without a description in src/http/openapi/operations.ts').to.deep.equal([]);
    expect(described.filter((route) => !routes.includes(route)), 'descriptions of routes the app does not have').to.deep.equal([]);
    expect(new Set(described).size).to.equal(described.length);
    // The walker sees what it must: a few known routes, under their mount points.
    expect(routes).to.include.members(['GET /api/streams/:id', 'POST /api/tokens/current/rotate', 'GET /api/openapi.json']);
  });

  it('says which scopes each route needs, as the routes check them', async () => {
    const doc = (await api.http().get('/api/openapi.json').expect(200)).body;
    expect(doc.paths['/api/streams/{id}'].patch.security).to.deep.equal([{ bearerAuth: ['streams:write'] }, { session: [] }]);
    expect(doc.paths['/api/tokens/current/rotate'].post.requestBody.content['application/json'].schema).to.deep.include({
      additionalProperties: false,
      properties: { graceSeconds: { default: 0, type: 'integer', minimum: 0, maximum: 86400 } },
    });
    expect(doc.paths['/api/openapi.json'].get.security).to.deep.equal([]);
    // A token without streams:write really is refused where the description says it needs it.
    const ada = await api.actor('ada', ['streams:read']);
    await api.http().post('/api/streams').set('Authorization', ada.auth).send({ name: 'x' }).expect(403);
  });
});

describe('the route table', () => {
  const api = withApi('sqlite');

  it('finds a route added to the app, so a new route without a description fails the test above', () => {
    api.app.post('/api/added-later', (_req, res) => res.end());
    expect(listRoutes(api.app).map(key)).to.include('POST /api/added-later');
  });
});
