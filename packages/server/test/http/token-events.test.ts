import { expect } from 'chai';
import type { TokenEvent } from '@patgate/middleware';
import { signedIn, PASSWORD } from '../web/helpers.js';
import { DATABASE_KINDS, expectFailsWith, missingScope, withApi } from './helpers.js';
import type { ApiHarness } from './helpers.js';

const DAY = 86_400_000;
const idOf = (token: string) => token.slice(4, 14);

interface Item {
  type: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  actor: string;
  url?: string;
}

/** A request from a given client address (behind a trusted proxy) and user agent. */
const client = (ip: string, userAgent: string) => ({ 'X-Forwarded-For': ip, 'User-Agent': userAgent });

async function history(api: ApiHarness, reader: string, tokenId: string, query = ''): Promise<{ totalCount: number; items: Item[]; cursor: string | null }> {
  const res = await api.http().get(`/api/tokens/${tokenId}/events${query}`).set('Authorization', reader);
  expect(res.status, res.text).to.equal(200);
  return res.body;
}

const brief = (items: Item[]) => items.map(({ type, actor, ip, userAgent }) => ({ type, actor, ip, userAgent }));

for (const kind of DATABASE_KINDS) {
  describe(`token events on ${kind}`, function () {
    const api = withApi(kind, { trustProxy: 'loopback', tokenCacheTtlMs: 60_000 });

    it('records create, first use (not every use), rotation, self-revocation, a refused use and a leak report once each, with actor, address and user agent', async () => {
      const ada = await api.makeUser('ada', { password: PASSWORD });
      const reader = `Bearer ${await api.makeToken(ada, ['tokens:read'])}`;
      const agent = api.http();
      const csrf = await signedIn(agent, 'ada@example.com');

      const created = await agent.post('/api/tokens').set('x-csrf-token', csrf).set(client('203.0.113.1', 'Firefox/140')).send({ name: 'CI', scopes: ['profile:read'] }).expect(201);
      const first: string = created.body.token;
      for (let i = 0; i < 3; i++) {
        await api.http().get('/api/user').set('Authorization', `Bearer ${first}`).set(client('203.0.113.2', 'deploy/1.0')).expect(200);
        api.clock.advance(1000);
      }
      const rotated = await api.http().post('/api/tokens/current/rotate').set('Authorization', `Bearer ${first}`).set(client('203.0.113.3', 'deploy/1.1')).send({}).expect(201);
      const second: string = rotated.body.token;
      api.clock.advance(1000);
      await api.http().delete('/api/tokens/current').set('Authorization', `Bearer ${second}`).set(client('203.0.113.4', 'deploy/1.1')).expect(204);
      api.clock.advance(1000);
      await api.http().get('/api/user').set('Authorization', `Bearer ${second}`).set(client('198.51.100.9', 'curl/8.5')).expect(401);
      const leaked = await api.makeToken(ada, ['profile:read']);
      await api.http().post('/api/credentials/revoke').set(client('192.0.2.44', 'finder/0.1')).send({ credentials: [leaked] }).expect(202);

      const one = await history(api, reader, idOf(first));
      expect(one.totalCount).to.equal(3);
      expect(brief(one.items)).to.deep.equal([
        { type: 'rotated', actor: 'self', ip: '203.0.113.3', userAgent: 'deploy/1.1' },
        { type: 'first_used', actor: 'self', ip: '203.0.113.2', userAgent: 'deploy/1.0' },
        { type: 'created', actor: 'owner', ip: '203.0.113.1', userAgent: 'Firefox/140' },
      ]);
      expect(Object.keys(one.items[0]!).sort()).to.deep.equal(['actor', 'at', 'ip', 'type', 'userAgent']);
      expect(Date.parse(one.items[1]!.at)).to.be.below(Date.parse(one.items[0]!.at));

      expect(brief((await history(api, reader, idOf(second))).items)).to.deep.equal([
        { type: 'refused_revoked', actor: 'self', ip: '198.51.100.9', userAgent: 'curl/8.5' },
        { type: 'revoked', actor: 'self', ip: '203.0.113.4', userAgent: 'deploy/1.1' },
        // The self-revocation was this token's first (and only) successful use.
        { type: 'first_used', actor: 'self', ip: '203.0.113.4', userAgent: 'deploy/1.1' },
        { type: 'created', actor: 'self', ip: '203.0.113.3', userAgent: 'deploy/1.1' },
      ]);
      expect(brief((await history(api, reader, idOf(leaked))).items)).to.deep.equal([
        { type: 'leak_reported', actor: 'leak_report', ip: '192.0.2.44', userAgent: 'finder/0.1' },
        { type: 'created', actor: 'owner', ip: null, userAgent: null },
      ]);
      // The page's session reads the same history.
      const bySession = await agent.get(`/api/tokens/${idOf(first)}/events`).expect(200);
      expect(bySession.body.totalCount).to.equal(3);
    });

    it('records a refused use of an expired token', async () => {
      const ada = await api.makeUser('ada');
      const reader = `Bearer ${await api.makeToken(ada, ['tokens:read'])}`;
      const token = await api.makeToken(ada, ['profile:read'], DAY);
      api.clock.advance(DAY);
      await api.http().get('/api/user').set('Authorization', `Bearer ${token}`).set(client('203.0.113.8', 'cron/2')).expect(401);
      expect(brief((await history(api, reader, idOf(token))).items)[0]).to.deep.equal({ type: 'refused_expired', actor: 'self', ip: '203.0.113.8', userAgent: 'cron/2' });
    });

    it("answers 404 for another user's token or an unknown id, 403 without tokens:read, 401 without a token", async () => {
      const ada = await api.makeUser('ada');
      const adaToken = await api.makeToken(ada, ['profile:read']);
      const bob = await api.actor('bob', ['tokens:read']);
      expectFailsWith(await api.http().get(`/api/tokens/${idOf(adaToken)}/events`).set('Authorization', bob.auth), 404, null, 'not_found');
      expectFailsWith(await api.http().get('/api/tokens/AAAAAAAAAA/events').set('Authorization', bob.auth), 404, null, 'not_found');
      expectFailsWith(await api.http().get('/api/tokens/not-an-id!/events').set('Authorization', bob.auth), 400, null, 'bad_request');
      const noRead = `Bearer ${adaToken}`;
      expectFailsWith(await api.http().get(`/api/tokens/${idOf(adaToken)}/events`).set('Authorization', noRead), 403, missingScope('tokens:read'));
      expectFailsWith(await api.http().get(`/api/tokens/${idOf(adaToken)}/events`), 401, 'Bearer realm="patgate"');
    });

    it('keeps the history after the token row is pruned, and pages it newest first', async () => {
      const ada = await api.makeUser('ada');
      const reader = `Bearer ${await api.makeToken(ada, ['tokens:read'])}`;
      const token = await api.makeToken(ada, ['profile:read']);
      await api.http().get('/api/user').set('Authorization', `Bearer ${token}`).expect(200);
      api.clock.advance(1000);
      await api.app.locals.patgate.issuer.revoke(ada.id, idOf(token), { actor: 'admin' });
      await api.app.locals.patgate.events.flush();
      await api.db.models.ApiToken.destroy({ where: { id: idOf(token) } });

      const page1 = await history(api, reader, idOf(token), '?limit=2');
      expect(page1.totalCount).to.equal(3);
      expect(page1.items.map((i) => i.type)).to.deep.equal(['revoked', 'first_used']);
      expect(page1.items[0]!.actor).to.equal('admin');
      const page2 = await history(api, reader, idOf(token), `?limit=2&cursor=${page1.cursor}`);
      expect(page2.items.map((i) => i.type)).to.deep.equal(['created']);
      expect(page2.cursor).to.equal(null);
      const bob = await api.actor('bob', ['tokens:read']);
      expectFailsWith(await api.http().get(`/api/tokens/${idOf(token)}/events`).set('Authorization', bob.auth), 404, null, 'not_found');
    });

    it('stores one first use per token even when two instances both report it', async () => {
      const ada = await api.makeUser('ada');
      const token = await api.makeToken(ada, ['profile:read']);
      const event: TokenEvent = { type: 'first_used', tokenId: idOf(token), ownerId: ada.id, at: api.clock.now(), actor: undefined };
      api.app.locals.patgate.events.record(event);
      api.app.locals.patgate.events.record({ ...event, ip: '203.0.113.1' });
      await api.app.locals.patgate.events.flush();
      expect(await api.db.models.TokenEvent.count({ where: { tokenId: idOf(token), type: 'first_used' } })).to.equal(1);
    });
  });
}
