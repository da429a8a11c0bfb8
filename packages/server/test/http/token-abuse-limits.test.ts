import { expect } from 'chai';
import { pruneRetiredTokens } from '../../src/services/token-retention.js';
import { DATABASE_KINDS, withApi } from './helpers.js';

const DAY = 86_400_000;

for (const kind of DATABASE_KINDS) {
  describe(`token abuse limits on ${kind}`, () => {
    describe('the per-token budget through rotation', () => {
      const api = withApi(kind, { apiRateLimitPerMinute: 5 });

      it("gives a rotated token's successor what its predecessor had left, not a fresh budget", async () => {
        const ada = await api.actor('ada', ['profile:read']);
        let auth = ada.auth;
        let passed = 0;
        // 20 requests, rotating after every one: with a budget of 5 only 5 may pass (rotations included).
        for (let i = 0; i < 20; i++) {
          const res = await api.http().post('/api/tokens/current/rotate').set('Authorization', auth);
          if (res.status === 201) {
            passed++;
            auth = `Bearer ${(res.body as { token: string }).token}`;
          } else {
            expect(res.status).to.equal(429);
          }
        }
        expect(passed).to.equal(5);
        expect((await api.http().get('/api/user').set('Authorization', auth)).status).to.equal(429);
        // Every token of the chain shares the first one's lineage.
        const tokens = await api.app.locals.patgate.tokenStore.listByOwner(ada.user.id);
        expect(tokens).to.have.length(6);
        expect(new Set(tokens.map((t) => t.lineageId)).size).to.equal(1);
        expect(tokens.at(-1)?.lineageId).to.equal(tokens.at(-1)?.id);
      });

      it('keeps separate budgets for separately created tokens of one owner', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        const second = `Bearer ${await api.makeToken(ada.user, ['profile:read'])}`;
        for (let i = 0; i < 5; i++) await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
        await api.http().get('/api/user').set('Authorization', ada.auth).expect(429);
        await api.http().get('/api/user').set('Authorization', second).expect(200);
      });
    });

    describe('the live-token cap', () => {
      const api = withApi(kind, { apiRateLimitPerMinute: 0 });

      it('leaves exactly 100 live tokens after 150 parallel creates', async () => {
        const ada = await api.makeUser('ada');
        const { issuer } = api.app.locals.patgate;
        const results = await Promise.allSettled(
          Array.from({ length: 150 }, (_, i) => issuer.create({ ownerId: ada.id, name: `t${i}`, scopes: ['profile:read'] })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(100);
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(refused).to.have.length(50);
        for (const r of refused) expect(r.reason).to.have.property('code', 'too_many_tokens');
        expect((await issuer.list(ada.id)).filter((t) => !t.revokedAt)).to.have.length(100);
      });

      it('lets a token at the cap rotate (the old one is revoked first)', async () => {
        const ada = await api.makeUser('ada');
        const { issuer } = api.app.locals.patgate;
        for (let i = 0; i < 100; i++) await issuer.create({ ownerId: ada.id, name: `t${i}`, scopes: ['profile:read'] });
        const [first] = await issuer.list(ada.id);
        const rotated = await issuer.rotate(ada.id, first!.id);
        expect(rotated.info.lineageId).to.equal(first!.lineageId);
        await issuer.create({ ownerId: ada.id, name: 'one more', scopes: ['profile:read'] }).then(
          () => expect.fail('over the cap'),
          (error: unknown) => expect(error).to.have.property('code', 'too_many_tokens'),
        );
      });
    });

    describe('retention of revoked and expired tokens', () => {
      const api = withApi(kind);

      it('deletes tokens revoked or expired more than 90 days ago, and nothing live, however old', async () => {
        const ada = await api.makeUser('ada');
        const { issuer, tokenStore } = api.app.locals.patgate;
        const oldRevoked = await issuer.create({ ownerId: ada.id, name: 'old revoked', scopes: ['profile:read'] });
        await issuer.revoke(ada.id, oldRevoked.info.id);
        const oldExpired = await issuer.create({ ownerId: ada.id, name: 'old expired', scopes: ['profile:read'], lifespanMs: DAY });
        const longLived = await issuer.create({ ownerId: ada.id, name: 'live', scopes: ['profile:read'], lifespanMs: 365 * DAY });
        api.clock.advance(60 * DAY);
        const recent = await issuer.create({ ownerId: ada.id, name: 'recent revoked', scopes: ['profile:read'] });
        await issuer.revoke(ada.id, recent.info.id);
        api.clock.advance(35 * DAY);

        expect(await pruneRetiredTokens(tokenStore, api.clock.now(), 90)).to.equal(2);
        const left = (await issuer.list(ada.id)).map((t) => t.name).sort();
        expect(left).to.deep.equal(['live', 'recent revoked']);
        expect(await tokenStore.findById(oldExpired.info.id)).to.equal(null);
        expect(await tokenStore.findById(longLived.info.id)).to.not.equal(null);
        expect(await pruneRetiredTokens(tokenStore, api.clock.now(), 0), '0 keeps everything').to.equal(0);
      });
    });
  });
}
