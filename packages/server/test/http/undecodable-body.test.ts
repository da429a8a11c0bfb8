import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { DATABASE_KINDS, withApi } from './helpers.js';

/** pino's numeric level of a JSON log line. */
const level = (line: string) => (JSON.parse(line) as { level: number }).level;

for (const kind of DATABASE_KINDS.slice(0, 1)) {
  describe(`undecodable request bodies on ${kind}`, () => {
    const api = withApi(kind);
    const junk = Buffer.from('this is not gzip at all, just junk bytes \x00\x01\x02');

    for (const [encoding, body] of [
      ['gzip', junk],
      ['deflate', junk],
      ['br', junk],
      ['gzip', gzipSync(Buffer.from('{"name":"truncated"}')).subarray(0, 12)],
    ] as const) {
      it(`answers 400 with no error-level log line for junk under content-encoding: ${encoding}`, async () => {
        const ada = await api.actor('ada', ['streams:write']);
        const res = await api
          .http()
          .post('/api/streams')
          .set('Authorization', ada.auth)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', encoding)
          .send(body);
        expect(res.status).to.equal(400);
        expect(res.body).to.have.nested.property('error.code', 'bad_request');
        expect(api.logs.filter((line) => level(line) >= 50), api.logs.join('\n')).to.deep.equal([]);
      });
    }

    it('answers an unauthenticated junk body on /graphql 400 too', async () => {
      const res = await api.http().post('/graphql').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(junk);
      expect(res.status).to.equal(400);
      expect(api.logs.filter((line) => level(line) >= 50)).to.deep.equal([]);
    });

    it('answers a sign-in form with a corrupt compressed body with a 400 page and no error-level log line', async () => {
      const res = await api
        .http()
        .post('/login')
        .set('Accept', 'text/html')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('Content-Encoding', 'gzip')
        .send(junk);
      expect(res.status).to.equal(400);
      expect(res.text).to.contain('Bad request');
      expect(api.logs.filter((line) => level(line) >= 50)).to.deep.equal([]);
    });
  });
}
