import { randomBytes } from 'node:crypto';
import { tokenStoreContract } from '@patgate/middleware/testing';
import type { StoredToken } from '@patgate/middleware';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { SequelizeTokenStore } from '../../src/store/sequelize-token-store.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';

for (const kind of DATABASE_KINDS) {
  describe(`SequelizeTokenStore on ${kind}`, function () {
    const db = withDatabase(kind);

    // Tokens reference users (foreign key), so every owner the contract asks for is a real user row.
    tokenStoreContract(
      async () => {
        await db.truncate();
        return new SequelizeTokenStore(db.models);
      },
      {
        describe,
        it,
        liveLimit: true,
        createOwner: async () => {
          const id = `user-${randomBytes(6).toString('hex')}`;
          await db.models.User.create({ id, email: `${id}@example.com`, name: id });
          return id;
        },
      },
    );

    describe('what reaches the table', () => {
      /** An empty store holding one token of a fresh user `owner-1`. */
      const freshStoreWith = async (id: string) => {
        await db.truncate();
        await db.models.User.create({ id: 'owner-1', email: 'owner@example.com', name: 'Owner' });
        const store = new SequelizeTokenStore(db.models);
        await store.insert({
          id, ownerId: 'owner-1', name: 'x', scopes: [], secretHash: 'ab', lastChars: 'xyz1',
          createdAt: new Date(0), expiresAt: null, lastUsedAt: null, revokedAt: null,
        });
        return store;
      };

      it('stores the secret hash and nothing else that looks like a secret', async () => {
        await db.truncate();
        await db.models.User.create({ id: 'owner-1', email: 'owner@example.com', name: 'Owner' });
        const token: StoredToken = {
          id: 'Ab3dEf6hIj',
          ownerId: 'owner-1',
          name: 'CI deploy',
          scopes: ['streams:read', 'streams:write'],
          secretHash: randomBytes(32).toString('hex'),
          lastChars: 'x9Qa1z',
          createdAt: new Date(Date.UTC(2026, 0, 1)),
          expiresAt: null,
          lastUsedAt: null,
          revokedAt: null,
        };
        await new SequelizeTokenStore(db.models).insert(token);

        const rows = await db.sequelize.query<Record<string, unknown>>('SELECT * FROM api_tokens', { type: QueryTypes.SELECT });
        expect(rows).to.have.length(1);
        const row = rows[0] ?? {};
        expect(Object.keys(row).sort()).to.deep.equal(
          ['createdAt', 'expiresAt', 'id', 'lastChars', 'lastUsedAt', 'lastUsedIp', 'lastUsedUserAgent', 'lineageId', 'name', 'ownerId', 'resourceIds', 'revokedAt', 'rotatedAt', 'scopes', 'secretHash'],
        );
        expect(row.secretHash).to.equal(token.secretHash);
        expect(JSON.parse(String(row.scopes))).to.deep.equal(token.scopes);
        // No other column holds anything long and random enough to be a token secret (32 base62 chars).
        for (const [column, value] of Object.entries(row)) {
          if (column === 'secretHash' || typeof value !== 'string') continue;
          expect(value, column).not.to.match(/[A-Za-z0-9]{20,}/);
        }
      });

      it('reads scopes that are not a JSON string array as none, instead of crashing', async () => {
        const store = await freshStoreWith('broken0001');
        await db.models.ApiToken.update({ scopes: '{not json' }, { where: { id: 'broken0001' } });
        expect((await store.findById('broken0001'))?.scopes).to.deep.equal([]);
      });

      it('deletes a user\'s tokens with the user', async () => {
        const store = await freshStoreWith('gone000001');
        await db.models.User.destroy({ where: { id: 'owner-1' } });
        expect(await store.findById('gone000001')).to.equal(null);
      });
    });
  });
}
