import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { weakETag } from '../../src/http/etag.js';
import { withApi } from './helpers.js';

/** What Express sends for `body` with its default (weak) ETag and with `weakETag`. */
async function etags(body: unknown): Promise<[string | undefined, string | undefined]> {
  const answer = (app: express.Express) => {
    app.get('/', (_req, res) => void res.send(body));
    return request(app).get('/');
  };
  const custom = express().set('etag', weakETag);
  const [byExpress, byUs] = await Promise.all([answer(express()), answer(custom)]);
  return [byExpress.headers.etag, byUs.headers.etag];
}

describe('weakETag', () => {
  it("gives the header Express's default gives, for strings, JSON, buffers, multi-byte text and large bodies", async () => {
    const bodies: unknown[] = ['', 'a', { ok: true }, Buffer.from([0, 1, 2, 255]), 'żółw ✓ 𝄞', 'x'.repeat(5000), { list: Array.from({ length: 300 }, (_, i) => i) }];
    for (const body of bodies) {
      const [byExpress, byUs] = await etags(body);
      expect(byExpress, JSON.stringify(body)).to.match(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
      expect(byUs).to.equal(byExpress);
    }
  });

  it('takes a string with its encoding as well as a buffer', () => {
    expect(weakETag('hello', 'utf8')).to.equal(weakETag(Buffer.from('hello')));
    expect(weakETag('68656c6c6f', 'hex')).to.equal(weakETag(Buffer.from('hello')));
  });

  describe('on the reference server', () => {
    const api = withApi('sqlite');

    it('answers a repeated GET with its ETag in If-None-Match with 304 and no body', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const first = await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
      expect(first.headers.etag).to.match(/^W\//);
      const again = await api.http().get('/api/user').set('Authorization', ada.auth).set('If-None-Match', first.headers.etag!).expect(304);
      expect(again.text).to.equal('');
    });
  });
});
