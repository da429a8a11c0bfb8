import { expect } from 'chai';
import { DATABASE_KINDS, withApi } from './helpers.js';

for (const kind of DATABASE_KINDS) {
  describe(`per-token rate limit on ${kind}`, () => {
    const api = withApi(kind, { apiRateLimitPerMinute: 3 });

    it('gives each token its own budget for /api and /graphql together, then 429 with Retry-After', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const bob = await api.actor('bob', ['profile:read']);
      const get = (auth: string) => api.http().get('/api/user').set('Authorization', auth);

      const first = await get(ada.auth);
      expect(first.status).to.equal(200);
      expect(first.headers.ratelimit).to.equal('"api-per-token"; r=2; t=60');
      expect(first.headers['ratelimit-policy']).to.match(/^"api-per-token"; q=3; w=60/);
      expect((await api.http().post('/graphql').set('Authorization', ada.auth).send({ query: '{ user { id } }' })).status).to.equal(200);
      expect((await get(ada.auth)).status).to.equal(200);

      const limited = await get(ada.auth);
      expect(limited.status).to.equal(429);
      expect(limited.body).to.deep.equal({
        error: { code: 'rate_limited', message: 'This token made more than 3 requests in a minute; wait for Retry-After seconds' },
      });
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      // Another token is not affected.
      expect((await get(bob.auth)).status).to.equal(200);
    });

    it('counts nothing for requests that fail authentication', async () => {
      for (let i = 0; i < 5; i++) expect((await api.http().get('/api/user')).status).to.equal(401);
      const ada = await api.actor('ada', ['profile:read']);
      expect((await api.http().get('/api/user').set('Authorization', ada.auth)).status).to.equal(200);
    });
  });
}

describe('per-token rate limit switched off', () => {
  const api = withApi('sqlite', { apiRateLimitPerMinute: 0 });

  it('sends no RateLimit headers and never answers 429', async () => {
    const ada = await api.actor('ada', ['profile:read']);
    for (let i = 0; i < 5; i++) {
      const res = await api.http().get('/api/user').set('Authorization', ada.auth);
      expect(res.status).to.equal(200);
      expect(res.headers).not.to.have.property('ratelimit');
    }
  });
});
