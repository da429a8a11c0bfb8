import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryTokenStore, TokenIssuer, TokenVerifier } from '@patgate/middleware';
import { createNotesServer } from './server.mjs';

const pepper = 'node-http-example-pepper-0123456789abcdef';
const INVALID = 'Bearer realm="patgate", error="invalid_token", error_description="The access token is invalid"';

describe('examples/node-http: TokenVerifier and extractToken behind node:http', () => {
  let server;
  let base;
  let read;
  let write;

  before(async () => {
    const store = new MemoryTokenStore();
    const verifier = new TokenVerifier({ store, pepper });
    const issuer = new TokenIssuer({ store, pepper, scopes: ['notes:read', 'notes:write'] });
    ({ token: read } = await issuer.create({ ownerId: 'alice', name: 'read', scopes: ['notes:read'] }));
    ({ token: write } = await issuer.create({ ownerId: 'alice', name: 'write', scopes: ['notes:write'] }));
    server = createNotesServer({ verifier });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  const get = (headers = {}) => fetch(`${base}/notes`, { headers });

  it('200 with Authorization: Bearer and with x-api-key', async () => {
    for (const headers of [{ Authorization: `Bearer ${read}` }, { 'x-api-key': read }]) {
      const res = await get(headers);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { owner: 'alice', scopes: ['notes:read'], notes: [] });
    }
  });

  it('401 with the bare challenge without a token', async () => {
    const res = await get();
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="patgate"');
    assert.deepEqual(await res.json(), { error: { code: 'token_required', message: 'A bearer token is required' } });
  });

  it('401 invalid_token for a wrong token in either place', async () => {
    for (const headers of [{ Authorization: 'Bearer pat_wrong' }, { 'x-api-key': 'pat_wrong' }]) {
      const res = await get(headers);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), INVALID);
    }
  });

  it('403 insufficient_scope for a token without notes:read', async () => {
    const res = await get({ Authorization: `Bearer ${write}` });
    assert.equal(res.status, 403);
    assert.equal(
      res.headers.get('www-authenticate'),
      'Bearer realm="patgate", error="insufficient_scope", error_description="This action needs the scope notes:read", scope="notes:read"',
    );
  });

  it('400 invalid_request for a token in both places', async () => {
    const res = await get({ Authorization: `Bearer ${read}`, 'x-api-key': read });
    assert.equal(res.status, 400);
    assert.equal(
      res.headers.get('www-authenticate'),
      'Bearer realm="patgate", error="invalid_request", error_description="The token must be sent in exactly one place, not several"',
    );
  });
});
