import { expect } from 'chai';
import type { TokenEvent } from '@patgate/middleware';
import { DATABASE_KINDS, withApi } from './helpers.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

for (const kind of DATABASE_KINDS) {
  describe(`token events through createApp({ onTokenEvent }) on ${kind}`, () => {
    const events: TokenEvent[] = [];
    const api = withApi(kind, { onTokenEvent: (event) => void events.push(event) });
    beforeEach(() => {
      events.length = 0;
    });
    const seen = () => events.map((e) => [e.type, e.actor, e.userAgent]);

    it('a first use, a rotation and a self-revocation, each with the actor and the user agent', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      events.length = 0;
      await api.http().get('/api/user').set('Authorization', ada.auth).set('User-Agent', 'script/1').expect(200);
      const rotated = await api.http().post('/api/tokens/current/rotate').set('Authorization', ada.auth).set('User-Agent', 'script/1').send({}).expect(201);
      await api.http().delete('/api/tokens/current').set('Authorization', `Bearer ${rotated.body.token}`).set('User-Agent', 'script/2').expect(204);
      await settle();
      expect(seen()).to.deep.equal([
        ['first_used', undefined, 'script/1'],
        ['rotated', 'self', 'script/1'],
        ['created', 'self', 'script/1'],
        ['first_used', undefined, 'script/2'],
        ['revoked', 'self', 'script/2'],
      ]);
      expect(events.every((e) => e.ownerId === ada.user.id && typeof e.ip === 'string')).to.equal(true);
    });

    it('a revoked token presented again is refused_revoked', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      await api.http().delete('/api/tokens/current').set('Authorization', ada.auth).expect(204);
      events.length = 0;
      await api.http().get('/api/user').set('Authorization', ada.auth).expect(401);
      await settle();
      expect(seen()).to.deep.equal([['refused_revoked', undefined, undefined]]);
    });
  });
}
