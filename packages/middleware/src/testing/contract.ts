import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { MaybePromise, StoredToken, TokenStore } from '../types.js';

/** The test-framework functions the contract needs: mocha, node:test, jest and vitest all fit. */
export interface ContractHarness {
  describe: (name: string, body: () => void) => unknown;
  it: (name: string, body: () => Promise<void>) => unknown;
  /**
   * Called for every store the suite made, after its test. Close connections or drop tables here.
   * Defaults to nothing.
   */
  destroyStore?: ((store: TokenStore) => MaybePromise<void>) | undefined;
  /**
   * Makes an owner id the store accepts, for stores whose tokens reference a users table. Defaults to a
   * random string.
   */
  createOwner?: ((store: TokenStore) => MaybePromise<string>) | undefined;
}

const BASE = Date.UTC(2026, 0, 1, 12, 0, 0, 123);

function id(): string {
  return randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);
}

function sample(ownerId: string, overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    id: id(),
    ownerId,
    name: 'contract token',
    scopes: ['streams:read', 'profile:read'],
    secretHash: randomBytes(32).toString('hex'),
    lastChars: 'a1B2c3',
    createdAt: new Date(BASE),
    expiresAt: new Date(BASE + 86_400_000),
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

/**
 * The conformance suite every `TokenStore` must pass. Call it inside your test file with your
 * framework's `describe` and `it`; each test gets a fresh store from `makeStore`.
 *
 * @example
 * // mocha
 * import { tokenStoreContract } from '@patgate/middleware/testing';
 * tokenStoreContract(() => new MyStore(db), { describe, it, destroyStore: (s) => s.close() });
 *
 * // node:test
 * import { describe, it } from 'node:test';
 * tokenStoreContract(() => new MemoryTokenStore(), { describe, it });
 */
export function tokenStoreContract(makeStore: () => MaybePromise<TokenStore>, harness: ContractHarness): void {
  const { describe, it } = harness;
  const test = (name: string, body: (store: TokenStore, owner: () => Promise<string>) => Promise<void>): void => {
    it(name, async () => {
      const store = await makeStore();
      const owner = async () => (harness.createOwner ? await harness.createOwner(store) : `owner-${id()}`);
      try {
        await body(store, owner);
      } finally {
        await harness.destroyStore?.(store);
      }
    });
  };

  describe('TokenStore contract', () => {
    test('insert then findById returns every field as given', async (store, owner) => {
      const token = sample(await owner(), { lastUsedAt: new Date(BASE + 5), name: 'Ünïcode ✓ name' });
      await store.insert(token);
      assert.deepEqual(await store.findById(token.id), token);
    });

    test('keeps a null expiry and the order of scopes', async (store, owner) => {
      const token = sample(await owner(), { expiresAt: null, scopes: ['b:write', 'a:read', 'c:x'] });
      await store.insert(token);
      const found = await store.findById(token.id);
      assert.equal(found?.expiresAt, null);
      assert.deepEqual(found?.scopes, ['b:write', 'a:read', 'c:x']);
    });

    test('findById resolves null for an unknown id', async (store) => {
      assert.equal(await store.findById('0000000000'), null);
    });

    test('insert rejects a duplicate id and keeps the first', async (store, owner) => {
      const first = sample(await owner());
      await store.insert(first);
      await assert.rejects(async () => store.insert({ ...first, name: 'second' }));
      assert.equal((await store.findById(first.id))?.name, first.name);
    });

    test('returned records are copies: changing one does not change the store', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      token.scopes.push('tokens:write');
      const found = await store.findById(token.id);
      assert.ok(found);
      found.scopes.push('users:email');
      assert.deepEqual((await store.findById(token.id))?.scopes, ['streams:read', 'profile:read']);
    });

    test('listByOwner lists only that owner, newest first', async (store, owner) => {
      const alice = await owner();
      const bob = await owner();
      const older = sample(alice, { createdAt: new Date(BASE) });
      const newer = sample(alice, { createdAt: new Date(BASE + 1000) });
      await store.insert(older);
      await store.insert(newer);
      await store.insert(sample(bob));
      const listed = await store.listByOwner(alice);
      assert.deepEqual(listed.map((t) => t.id), [newer.id, older.id]);
      assert.deepEqual(listed[0], newer);
      assert.deepEqual(await store.listByOwner(`nobody-${id()}`), []);
    });

    test('listByOwner includes revoked and expired tokens', async (store, owner) => {
      const alice = await owner();
      const revoked = sample(alice, { revokedAt: new Date(BASE + 10) });
      const expired = sample(alice, { expiresAt: new Date(BASE - 10), createdAt: new Date(BASE - 20) });
      await store.insert(revoked);
      await store.insert(expired);
      assert.deepEqual((await store.listByOwner(alice)).map((t) => t.id).sort(), [revoked.id, expired.id].sort());
    });

    test('revoke marks the token once and keeps the first time', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      assert.equal(await store.revoke(token.id, new Date(BASE + 2000)), true);
      assert.equal(await store.revoke(token.id, new Date(BASE + 3000)), false);
      assert.deepEqual((await store.findById(token.id))?.revokedAt, new Date(BASE + 2000));
    });

    test('revoke resolves false for an unknown id', async (store) => {
      assert.equal(await store.revoke('0000000000', new Date(BASE)), false);
    });

    test('revoke changes only that token', async (store, owner) => {
      const alice = await owner();
      const a = sample(alice);
      const b = sample(alice);
      await store.insert(a);
      await store.insert(b);
      await store.revoke(a.id, new Date(BASE + 1));
      assert.equal((await store.findById(b.id))?.revokedAt, null);
    });

    test('touch records the last use and never un-revokes', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      await store.touch(token.id, new Date(BASE + 100));
      assert.deepEqual((await store.findById(token.id))?.lastUsedAt, new Date(BASE + 100));
      await store.revoke(token.id, new Date(BASE + 200));
      await store.touch(token.id, new Date(BASE + 300));
      const found = await store.findById(token.id);
      assert.deepEqual(found?.revokedAt, new Date(BASE + 200));
      assert.deepEqual(found?.lastUsedAt, new Date(BASE + 300));
    });

    test('touch ignores an unknown id', async (store) => {
      await store.touch('0000000000', new Date(BASE));
      assert.equal(await store.findById('0000000000'), null);
    });

    test('ids are case-sensitive', async (store, owner) => {
      const token = sample(await owner(), { id: 'AbCdEfGhIj' });
      await store.insert(token);
      assert.equal(await store.findById('abcdefghij'), null);
      await store.insert(sample(token.ownerId, { id: 'abcdefghij' }));
      assert.equal((await store.findById('AbCdEfGhIj'))?.secretHash, token.secretHash);
    });

    test('handles concurrent revokes: exactly one wins', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.revoke(token.id, new Date(BASE + i))));
      assert.equal(results.filter(Boolean).length, 1);
    });
  });
}
