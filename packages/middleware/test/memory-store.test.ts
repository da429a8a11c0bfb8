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
});
