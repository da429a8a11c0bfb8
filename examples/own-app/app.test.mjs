import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from './app.mjs';

const pepper = 'example-pepper-0123456789abcdef0123456789';

async function serve(app) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

test('a read-only token reads notes, cannot write, and stops working once revoked', async () => {
  const { app, issuer } = createApp({ pepper });
  const { token, info } = await issuer.create({ ownerId: 'alice', name: 'reader', scopes: ['notes:read'] });
  const { base, close } = await serve(app);
  try {
    const auth = { Authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${base}/notes`, { headers: auth })).status, 200);
    const write = await fetch(`${base}/notes`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"text":"hi"}' });
    assert.equal(write.status, 403);
    assert.match(write.headers.get('www-authenticate'), /scope="notes:write"/);
    assert.deepEqual((await (await fetch(`${base}/whoami`, { headers: auth })).json()).scopes, ['notes:read']);
    await issuer.revoke('alice', info.id);
    const revoked = await fetch(`${base}/notes`, { headers: auth });
    assert.equal(revoked.status, 401);
    assert.equal((await revoked.json()).error.code, 'invalid_token');
  } finally {
    close();
  }
});

test('a token cannot carry tokens:write', async () => {
  const { issuer } = createApp({ pepper });
  await assert.rejects(issuer.create({ ownerId: 'alice', name: 'x', scopes: ['tokens:write'] }), { code: 'scope_not_grantable' });
});
