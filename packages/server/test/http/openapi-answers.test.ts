/**
 * The description matches what the API really answers: real responses of each kind, checked against the
 * response schemas `GET /api/openapi.json` gives for that route and status (JSON Schema 2020-12, by Ajv).
 */
import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Response } from 'supertest';
import { openApiPath } from '../../src/http/openapi/document.js';
import { withApi } from './helpers.js';

// ajv-formats is CommonJS: under ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }> }>>; components: Record<string, Record<string, unknown>> };

describe('the OpenAPI description matches the answers', () => {
  const api = withApi('sqlite');

  async function checker() {
    const doc = (await api.http().get('/api/openapi.json').expect(200)).body as Doc;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi', components: doc.components });
    // The schemas are strict enough to fail: an answer missing its fields does not pass.
    expect(ajv.compile({ $ref: 'openapi#/components/schemas/Token' })({ id: 'AbC123xyz0' })).to.equal(false);
    return (method: string, path: string, res: Response) => {
      let answer = doc.paths[openApiPath(path)]?.[method]?.responses[String(res.status)];
      expect(answer, `${method} ${path} ${res.status} is described`).to.not.equal(undefined);
      if (answer!.$ref) answer = doc.components.responses![answer!.$ref.split('/').pop()!] as typeof answer;
      const schema = answer!.content?.['application/json']?.schema;
      if (!schema) {
        expect(res.text, `${method} ${path} ${res.status} has no body`).to.equal('');
        return;
      }
      const target = (schema as { $ref?: unknown }).$ref;
      expect(target, `${method} ${path} ${res.status} names a component schema`).to.be.a('string');
      const validate = ajv.compile({ $ref: `openapi${target as string}` });
      expect(validate(res.body), `${method} ${path} ${res.status}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    };
  }

  it('for users, streams, commits, collaborators and tokens, successes and refusals', async () => {
    const check = await checker();
    const ada = await api.actor('ada', ['profile:read', 'users:read', 'streams:read', 'streams:write', 'tokens:read']);
    const bob = await api.actor('bob', ['profile:read']);
    const as = (auth: string) => ({ get: (p: string) => api.http().get(p).set('Authorization', auth), post: (p: string) => api.http().post(p).set('Authorization', auth) });
    const a = as(ada.auth);

    check('get', '/api/user', await a.get('/api/user'));
    check('get', '/api/users/:id', await a.get(`/api/users/${bob.user.id}`));
    check('get', '/api/users/:id', await a.get('/api/users/00000000-0000-4000-8000-000000000000'));
    const created = await a.post('/api/streams').send({ name: 'Deck', description: null });
    check('post', '/api/streams', created);
    const id = created.body.id as string;
    check('get', '/api/streams', await a.get('/api/streams'));
    check('get', '/api/streams/:id', await a.get(`/api/streams/${id}`));
    check('patch', '/api/streams/:id', await api.http().patch(`/api/streams/${id}`).set('Authorization', ada.auth).send({ isPublic: true }));
    check('post', '/api/streams/:id/commits', await a.post(`/api/streams/${id}/commits`).send({ message: 'first', parents: [] }));
    check('get', '/api/streams/:id/commits', await a.get(`/api/streams/${id}/commits`));
    check('put', '/api/streams/:id/collaborators/:userId', await api.http().put(`/api/streams/${id}/collaborators/${bob.user.id}`).set('Authorization', ada.auth).send({ role: 'stream:reviewer' }));
    check('get', '/api/streams/:id/collaborators', await a.get(`/api/streams/${id}/collaborators`));
    check('delete', '/api/streams/:id/collaborators/:userId', await api.http().delete(`/api/streams/${id}/collaborators/${ada.user.id}`).set('Authorization', ada.auth));
    check('get', '/api/tokens', await a.get('/api/tokens'));
    check('get', '/api/tokens/current', await a.get('/api/tokens/current'));
    check('post', '/api/streams', await as(bob.auth).post('/api/streams').send({ name: 'x' }));
    check('get', '/api/user', await api.http().get('/api/user'));
    check('post', '/api/tokens/current/rotate', await as(bob.auth).post('/api/tokens/current/rotate').send({ graceSeconds: -1 }));
    check('post', '/api/tokens/current/rotate', await as(bob.auth).post('/api/tokens/current/rotate').send({ graceSeconds: 5 }));
    check('delete', '/api/streams/:id', await api.http().delete(`/api/streams/${id}`).set('Authorization', ada.auth));
    check('delete', '/api/tokens/current', await api.http().delete('/api/tokens/current').set('Authorization', ada.auth));
  });
});
