import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { createNestApp } from '../src/create-app.js';
import type { AppUser } from '../src/patgate.js';

const PEPPER = 'nest-example-pepper-0123456789abcdef0123';
const BARE = 'Bearer realm="patgate"';
const INVALID = 'Bearer realm="patgate", error="invalid_token", error_description="The access token is invalid"';
const INSUFFICIENT = 'Bearer realm="patgate", error="insufficient_scope", error_description="This action needs the scope notes:write", scope="notes:write"';

describe('examples/nestjs: PassportStrategy(BearerTokenStrategy), scope guard, filter', () => {
  let app: INestApplication;
  let base: string;
  let readToken: string;
  let suspendedToken: string;

  before(async () => {
    const users = new Map<string, AppUser>([
      ['alice', { id: 'alice', suspended: false }],
      ['sam', { id: 'sam', suspended: true }],
    ]);
    const created = await createNestApp({ pepper: PEPPER, users });
    app = created.app;
    ({ token: readToken } = await created.issuer.create({ ownerId: 'alice', name: 'read', scopes: ['notes:read'] }));
    ({ token: suspendedToken } = await created.issuer.create({ ownerId: 'sam', name: 'sam', scopes: ['notes:read'] }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  after(async () => {
    await app.close();
  });

  const get = (path: string, token?: string, method = 'GET') =>
    fetch(`${base.replace('[::1]', '127.0.0.1')}${path}`, { method, headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });

  it('200 for a token with the scope; validate() ran (it adds tokenId to the user)', async () => {
    const res = await get('/notes', readToken);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { user: { id: string; tokenId?: string }; scopes: string[] };
    assert.equal(body.user.id, 'alice');
    assert.match(body.user.tokenId ?? '', /^[0-9A-Za-z]{10}$/);
    assert.deepEqual(body.scopes, ['notes:read']);
  });

  it('401 without a token, with the exact challenge and JSON body', async () => {
    const res = await get('/notes');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), BARE);
    assert.deepEqual(await res.json(), { error: { code: 'token_required', message: 'A bearer token is required' } });
  });

  it('401 invalid_token for a wrong token', async () => {
    const res = await get('/notes', 'pat_0000000000000000000000000000000000000000000000');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), INVALID);
  });

  it('401 invalid_token when validate() refuses a verified token (a suspended user)', async () => {
    const res = await get('/notes', suspendedToken);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), INVALID);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_token');
  });

  it('403 insufficient_scope naming the scope the handler declares', async () => {
    const res = await get('/notes', readToken, 'POST');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('www-authenticate'), INSUFFICIENT);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'insufficient_scope');
  });
});
