import { expect } from 'chai';
import { inspect } from 'node:util';
import { MemoryTokenStore, TokenIssuer } from '../src/index.js';
import { tokenStoreContract } from '../src/testing/index.js';
import { PEPPER } from './helpers.js';

describe('MemoryTokenStore', () => {
  tokenStoreContract(() => new MemoryTokenStore(), { describe, it, liveLimit: true });

  it('holds no secret: only the hash and the last characters', async () => {
    const store = new MemoryTokenStore();
    const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] });
    const issued = [];
    for (let i = 0; i < 5; i++) issued.push(await issuer.create({ ownerId: 'u1', name: `t${i}`, scopes: ['a:read'] }));
    const rotated = await issuer.rotate('u1', issued[0]!.info.id);
    const everything = inspect(store, { depth: Infinity }) + JSON.stringify(store.records());
    for (const { token } of [...issued, rotated]) {
      const secret = token.slice(14, 46);
      expect(everything).not.to.include(secret);
      expect(everything).not.to.include(token);
      // Even a long piece of the secret is absent.
      expect(everything).not.to.include(secret.slice(0, 12));
    }
  });

  describe('owner index', () => {
    /** Counts every walk over the store's table of all tokens, however it is started. */
    function countScans(store: MemoryTokenStore): { scans: number } {
      const counter = { scans: 0 };
      const all = (store as unknown as { tokens: Map<string, unknown> }).tokens;
      expect(all).to.be.instanceOf(Map);
      for (const method of ['values', 'keys', 'entries', 'forEach', Symbol.iterator] as const) {
        const original = (all[method] as (...args: unknown[]) => unknown).bind(all);
        Object.defineProperty(all, method, {
          value: (...args: unknown[]) => {
            counter.scans++;
            return original(...args);
          },
        });
      }
      return counter;
    }

    it('mints thousands of tokens through TokenIssuer without walking the whole store once', async () => {
      const store = new MemoryTokenStore();
      const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] });
      const counter = countScans(store);
      for (let i = 0; i < 2000; i++) await issuer.create({ ownerId: `u${i % 500}`, name: 't', scopes: ['a:read'] });
      // Each create counted its owner's live tokens (listByOwner) from the index, never from every record.
      expect(counter.scans).to.equal(0);
      expect(await issuer.list('u7')).to.have.length(4);
      expect(counter.scans).to.equal(0);
      expect(store.records()).to.have.length(2000);
      expect(counter.scans).to.equal(1);
    });

    it('keeps the index in step with revoke and touch (the listed records are the live ones)', async () => {
      const store = new MemoryTokenStore();
      const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] });
      const a = await issuer.create({ ownerId: 'ann', name: 'a', scopes: ['a:read'] });
      await issuer.create({ ownerId: 'bob', name: 'b', scopes: ['a:read'] });
      const at = new Date('2030-01-01T00:00:00Z');
      store.touch(a.info.id, at);
      store.revoke(a.info.id, at);
      const [listed] = store.listByOwner('ann');
      expect(listed?.lastUsedAt?.toISOString()).to.equal(at.toISOString());
      expect(listed?.revokedAt?.toISOString()).to.equal(at.toISOString());
      expect(store.listByOwner('bob')).to.have.length(1);
      expect(store.listByOwner('nobody')).to.deep.equal([]);
    });
  });
});
