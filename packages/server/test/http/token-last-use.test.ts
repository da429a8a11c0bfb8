import { expect } from 'chai';
import type { VerifyContext } from '@patgate/middleware';
import { DATABASE_KINDS, withApi } from './helpers.js';
import type { ApiHarness } from './helpers.js';

const MINUTE = 60_000;

/** Counts the store's last-use writes and lets a test wait for them (they are never awaited by a request). */
function countTouches(api: ApiHarness) {
  const store = api.app.locals.patgate.tokenStore;
  const touch = store.touch.bind(store);
  const writes: Promise<void>[] = [];
  const uses: VerifyContext[] = [];
  store.touch = (id: string, at: Date, use?: VerifyContext) => {
    uses.push({ ...use });
    const write = touch(id, at, use);
    writes.push(write);
    return write;
  };
  return { uses, settled: async () => void (await Promise.all(writes)) };
}

for (const kind of DATABASE_KINDS) {
  describe(`last use with address and user agent on ${kind}`, () => {
    const api = withApi(kind);

    it('introspection and the list show where the token was last used, written once per token per minute', async () => {
      const ada = await api.actor('ada', ['tokens:read']);
      const touches = countTouches(api);
      await api.http().get('/api/tokens/current').set('Authorization', ada.auth).set('User-Agent', 'deploy-bot/1.0').expect(200);
      for (let i = 0; i < 20; i += 1) {
        api.clock.advance(1000);
        await api.http().get('/api/tokens').set('Authorization', ada.auth).set('User-Agent', `other-${i}`).expect(200);
      }
      await touches.settled();
      expect(touches.uses).to.have.length(1);

      const current = (await api.http().get('/api/tokens/current').set('Authorization', ada.auth).expect(200)).body;
      expect(current.lastUsedIp).to.match(/127\.0\.0\.1$/);
      expect(current.lastUsedUserAgent).to.equal('deploy-bot/1.0');
      expect(current.lastUsedAt).to.be.a('string');
      const listed = (await api.http().get('/api/tokens').set('Authorization', ada.auth).expect(200)).body.items[0];
      expect(listed).to.include({ id: current.id, lastUsedIp: current.lastUsedIp, lastUsedUserAgent: 'deploy-bot/1.0' });

      api.clock.advance(MINUTE);
      await api.http().get('/api/tokens/current').set('Authorization', ada.auth).set('User-Agent', 'laptop/2.0').expect(200);
      await touches.settled();
      expect(touches.uses).to.have.length(2);
      const later = (await api.http().get('/api/tokens/current').set('Authorization', ada.auth).expect(200)).body;
      expect(later.lastUsedUserAgent).to.equal('laptop/2.0');
      expect(Date.parse(later.lastUsedAt)).to.be.greaterThan(Date.parse(current.lastUsedAt));
    });

    it('honours trust proxy for the address, and keeps each token on its own interval', async () => {
      const ada = await api.actor('ada', ['tokens:read']);
      const bob = await api.actor('bob', ['tokens:read']);
      api.app.set('trust proxy', true);
      const touches = countTouches(api);
      await api.http().get('/api/tokens/current').set('Authorization', ada.auth).set('X-Forwarded-For', '203.0.113.9').expect(200);
      await api.http().get('/api/tokens/current').set('Authorization', bob.auth).set('X-Forwarded-For', '198.51.100.4').expect(200);
      await touches.settled();
      expect(touches.uses.map((use) => use.ip)).to.deep.equal(['203.0.113.9', '198.51.100.4']);
      const seen = (await api.http().get('/api/tokens/current').set('Authorization', ada.auth).expect(200)).body;
      expect(seen.lastUsedIp).to.equal('203.0.113.9');
    });
  });
}
