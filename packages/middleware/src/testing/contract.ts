import type { MaybePromise, TokenStore } from '../types.js';
import { expectRecord, expectRejects, expectSame } from './expect.js';
import { liveLimitContract } from './live-limit-contract.js';
import { BASE, id, sample } from './sample-token.js';

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
  /**
   * The store implements `insertWithinLimit`: the suite then proves it atomic (150 concurrent inserts for
   * one owner leave exactly the limit). Defaults to `false`.
   */
  liveLimit?: boolean | undefined;
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
      expectRecord(`findById('${token.id}') after insert`, await store.findById(token.id), token);
    });

    test('keeps a null expiry and the order of scopes', async (store, owner) => {
      const token = sample(await owner(), { expiresAt: null, scopes: ['b:write', 'a:read', 'c:x'] });
      await store.insert(token);
      const found = await store.findById(token.id);
      expectSame(`findById('${token.id}')`, 'field `expiresAt` (inserted as null)', found?.expiresAt, null);
      expectSame(`findById('${token.id}')`, 'field `scopes` (order kept)', found?.scopes, ['b:write', 'a:read', 'c:x']);
    });

    test('keeps a resource limit and its order, and copies it', async (store, owner) => {
      const token = sample(await owner(), { resourceIds: ['stream-b', 'stream-a'] });
      await store.insert(token);
      const found = await store.findById(token.id);
      expectSame(`findById('${token.id}')`, 'field `resourceIds` (order kept)', found?.resourceIds, ['stream-b', 'stream-a']);
      found?.resourceIds?.push('stream-c');
      const listed = (await store.listByOwner(token.ownerId)).find((t) => t.id === token.id);
      expectSame(`listByOwner('${token.ownerId}')`, 'field `resourceIds` (stores must copy)', listed?.resourceIds, ['stream-b', 'stream-a']);
    });

    test('findById resolves null for an unknown id', async (store) => {
      expectSame("findById('0000000000') for an unknown id", 'the result', await store.findById('0000000000'), null);
    });

    test('insert rejects a duplicate id and keeps the first', async (store, owner) => {
      const first = sample(await owner());
      await store.insert(first);
      await expectRejects(`insert(a second token with the id '${first.id}')`, () => store.insert({ ...first, name: 'second' }));
      expectSame(`findById('${first.id}') after a refused duplicate insert`, 'field `name`', (await store.findById(first.id))?.name, first.name);
    });

    test('returned records are copies: changing one does not change the store', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      token.scopes.push('tokens:write');
      const found = await store.findById(token.id);
      expectSame(`findById('${token.id}')`, 'whether a token came back', found !== null && found !== undefined, true);
      found!.scopes.push('users:email');
      expectSame(
        `findById('${token.id}') after the caller changed the inserted and the returned arrays`,
        'field `scopes` (stores must copy)',
        (await store.findById(token.id))?.scopes,
        ['streams:read', 'profile:read'],
      );
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
      expectSame(`listByOwner('${alice}')`, 'the ids, newest first', listed.map((t) => t.id), [newer.id, older.id]);
      expectRecord(`listByOwner('${alice}')[0]`, listed[0], newer);
      expectSame('listByOwner(an owner with no tokens)', 'the result', await store.listByOwner(`nobody-${id()}`), []);
    });

    test('listByOwner includes revoked and expired tokens', async (store, owner) => {
      const alice = await owner();
      const revoked = sample(alice, { revokedAt: new Date(BASE + 10) });
      const expired = sample(alice, { expiresAt: new Date(BASE - 10), createdAt: new Date(BASE - 20) });
      await store.insert(revoked);
      await store.insert(expired);
      expectSame(`listByOwner('${alice}')`, 'the ids (a revoked and an expired token)', (await store.listByOwner(alice)).map((t) => t.id).sort(), [revoked.id, expired.id].sort());
    });

    test('revoke marks the token once and keeps the first time', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      expectSame(`revoke('${token.id}', at) on a live token`, 'the result', await store.revoke(token.id, new Date(BASE + 2000)), true);
      expectSame(`revoke('${token.id}', at) on a revoked token`, 'the result', await store.revoke(token.id, new Date(BASE + 3000)), false);
      expectSame(`findById('${token.id}') after two revokes`, 'field `revokedAt` (the first time)', (await store.findById(token.id))?.revokedAt, new Date(BASE + 2000));
    });

    test('revoke resolves false for an unknown id', async (store) => {
      expectSame("revoke('0000000000', at) for an unknown id", 'the result', await store.revoke('0000000000', new Date(BASE)), false);
    });

    test('revoke changes only that token', async (store, owner) => {
      const alice = await owner();
      const a = sample(alice);
      const b = sample(alice);
      await store.insert(a);
      await store.insert(b);
      await store.revoke(a.id, new Date(BASE + 1));
      expectSame(`findById('${b.id}') after revoking another token`, 'field `revokedAt`', (await store.findById(b.id))?.revokedAt, null);
    });

    test('touch records the last use and never un-revokes', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      await store.touch(token.id, new Date(BASE + 100));
      expectSame(`findById('${token.id}') after touch`, 'field `lastUsedAt`', (await store.findById(token.id))?.lastUsedAt, new Date(BASE + 100));
      await store.revoke(token.id, new Date(BASE + 200));
      await store.touch(token.id, new Date(BASE + 300));
      const found = await store.findById(token.id);
      expectSame(`findById('${token.id}') after touching a revoked token`, 'field `revokedAt` (touch never un-revokes)', found?.revokedAt, new Date(BASE + 200));
      expectSame(`findById('${token.id}') after touching a revoked token`, 'field `lastUsedAt`', found?.lastUsedAt, new Date(BASE + 300));
    });

    test('touch records the address and user agent of the use, null when absent', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      const agent = 'patgate-cli/1.0 (ünïcode ✓)';
      await store.touch(token.id, new Date(BASE + 100), { ip: '2001:db8::1', userAgent: agent });
      let found = await store.findById(token.id);
      expectSame(`findById('${token.id}') after touch(id, at, { ip, userAgent })`, 'field `lastUsedIp`', found?.lastUsedIp, '2001:db8::1');
      expectSame(`findById('${token.id}') after touch(id, at, { ip, userAgent })`, 'field `lastUsedUserAgent`', found?.lastUsedUserAgent, agent);
      await store.touch(token.id, new Date(BASE + 200), { ip: '192.0.2.7' });
      found = await store.findById(token.id);
      expectSame(`findById('${token.id}') after touch(id, at, { ip })`, 'field `lastUsedIp`', found?.lastUsedIp, '192.0.2.7');
      expectSame(`findById('${token.id}') after touch(id, at, { ip })`, 'field `lastUsedUserAgent` (null when absent)', found?.lastUsedUserAgent, null);
      expectSame(`findById('${token.id}') after touch(id, at, { ip })`, 'field `lastUsedAt`', found?.lastUsedAt, new Date(BASE + 200));
    });

    test('touch ignores an unknown id', async (store) => {
      await store.touch('0000000000', new Date(BASE));
      expectSame("findById('0000000000') after touching an unknown id", 'the result', await store.findById('0000000000'), null);
    });

    test('ids are case-sensitive', async (store, owner) => {
      const token = sample(await owner(), { id: 'AbCdEfGhIj' });
      await store.insert(token);
      expectSame("findById('abcdefghij') when only 'AbCdEfGhIj' exists", 'the result (ids are case-sensitive)', await store.findById('abcdefghij'), null);
      await store.insert(sample(token.ownerId, { id: 'abcdefghij' }));
      expectSame("findById('AbCdEfGhIj') after inserting 'abcdefghij'", 'field `secretHash`', (await store.findById('AbCdEfGhIj'))?.secretHash, token.secretHash);
    });

    test('retire (if the store has it) marks a live token rotated once and sets its expiry', async (store, owner) => {
      if (!store.retire) return;
      const token = sample(await owner());
      await store.insert(token);
      const graceEnd = new Date(BASE + 30_000);
      expectSame(`retire('${token.id}', at, graceEnd) on a live token`, 'the result', await store.retire(token.id, new Date(BASE + 1), graceEnd), true);
      let found = await store.findById(token.id);
      expectSame(`findById('${token.id}') after retire`, 'field `rotatedAt`', found?.rotatedAt, new Date(BASE + 1));
      expectSame(`findById('${token.id}') after retire`, 'field `expiresAt` (the given one)', found?.expiresAt, graceEnd);
      expectSame(`findById('${token.id}') after retire`, 'field `revokedAt` (still working)', found?.revokedAt, null);
      expectSame(`retire('${token.id}', …) on a retired token`, 'the result', await store.retire(token.id, new Date(BASE + 2), null), false);
      expectSame(`revoke('${token.id}', at) on a retired token`, 'the result (it can still be revoked)', await store.revoke(token.id, new Date(BASE + 3)), true);
      found = await store.findById(token.id);
      expectSame(`findById('${token.id}') after a second retire`, 'field `expiresAt` (the first retire kept)', found?.expiresAt, graceEnd);

      const revoked = sample(token.ownerId, { revokedAt: new Date(BASE) });
      await store.insert(revoked);
      expectSame(`retire('${revoked.id}', …) on a revoked token`, 'the result', await store.retire(revoked.id, new Date(BASE + 1), null), false);
      expectSame(`findById('${revoked.id}') after refusing to retire it`, 'field `expiresAt`', (await store.findById(revoked.id))?.expiresAt, revoked.expiresAt);
      expectSame("retire('0000000000', …) for an unknown id", 'the result', await store.retire('0000000000', new Date(BASE), null), false);
    });

    test('retire (if the store has it) under concurrency: exactly one wins', async (store, owner) => {
      if (!store.retire) return;
      const token = sample(await owner());
      await store.insert(token);
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.retire!(token.id, new Date(BASE + i), new Date(BASE + 1000 * i))));
      expectSame(`5 concurrent retire('${token.id}', …)`, 'how many resolved true', results.filter(Boolean).length, 1);
    });

    test('handles concurrent revokes: exactly one wins', async (store, owner) => {
      const token = sample(await owner());
      await store.insert(token);
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.revoke(token.id, new Date(BASE + i))));
      expectSame(`5 concurrent revoke('${token.id}', at)`, 'how many resolved true', results.filter(Boolean).length, 1);
    });

    test('keeps the lineage id, and a record without one stays without one', async (store, owner) => {
      const alice = await owner();
      const rotated = sample(alice, { lineageId: 'firstOfTen' });
      await store.insert(rotated);
      expectSame(`findById('${rotated.id}')`, 'field `lineageId`', (await store.findById(rotated.id))?.lineageId, 'firstOfTen');
      const { lineageId: _none, ...legacy } = sample(alice);
      await store.insert(legacy);
      const kept = (await store.findById(legacy.id))?.lineageId;
      expectSame(`findById('${legacy.id}') of a record inserted without lineageId`, 'field `lineageId` (absent, or the token id)', kept === undefined || kept === legacy.id, true);
    });

    if (harness.liveLimit) liveLimitContract(test);
  });
}
