import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { expect } from 'chai';
import { authenticate, InvalidRequestError, MemoryTokenStore, patgateErrorHandler, TokenIssuer, TokenVerifier } from '../src/index.js';
import { extractToken } from '../src/extract-token.js';
import { PEPPER } from './helpers.js';

const off = { allowQuery: false, allowBody: false, realm: 'patgate' };

/** Sends a request byte for byte, so two Authorization headers really reach the server. */
function rawRequest(server: Server, lines: string[]): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${lines.join('\r\n')}\r\n\r\n`));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('duplicate Authorization headers', () => {
  it('extractToken refuses two Authorization entries in rawHeaders, whatever their schemes', () => {
    for (const second of ['Bearer other', 'Basic dTpw', 'Bearer same']) {
      const source = { headers: { authorization: 'Bearer same' }, rawHeaders: ['Authorization', 'Bearer same', 'authorization', second] };
      expect(() => extractToken(source, off), second).to.throw(InvalidRequestError, 'must appear once');
    }
    const one = { headers: { authorization: 'Bearer abc' }, rawHeaders: ['Host', 'x', 'Authorization', 'Bearer abc'] };
    expect(extractToken(one, off)).to.equal('abc');
  });

  it('answers 400 invalid_request over HTTP, even when the first header holds a valid token', async () => {
    const store = new MemoryTokenStore();
    const verifier = new TokenVerifier({ store, pepper: PEPPER });
    const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] });
    const { token } = await issuer.create({ ownerId: 'u1', name: 'x', scopes: ['a:read'] });
    const app = express();
    app.get('/api', authenticate(verifier), (_req, res) => res.json({ ok: true }));
    app.use(patgateErrorHandler());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const head = ['GET /api HTTP/1.1', 'Host: localhost', 'Connection: close'];
      const twice = await rawRequest(server, [...head, `Authorization: Bearer ${token}`, 'Authorization: Bearer pat_forged']);
      expect(twice).to.match(/^HTTP\/1\.1 400 /);
      expect(twice).to.contain('error="invalid_request"').and.contain('"code":"invalid_request"');
      const once = await rawRequest(server, [...head, `Authorization: Bearer ${token}`]);
      expect(once).to.match(/^HTTP\/1\.1 200 /);
    } finally {
      server.close();
    }
  });
});
