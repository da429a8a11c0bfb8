import type { TokenStore } from '../types.js';
import { expectRejects, expectSame } from './expect.js';
import { BASE, sample } from './sample-token.js';

export type ContractTest = (name: string, body: (store: TokenStore, owner: () => Promise<string>) => Promise<void>) => void;

function insertWithinLimit(store: TokenStore): NonNullable<TokenStore['insertWithinLimit']> {
  expectSame('insertWithinLimit', 'typeof (liveLimit: true was passed)', typeof store.insertWithinLimit, 'function');
  return store.insertWithinLimit!.bind(store);
}

/** The atomic live-token cap (`insertWithinLimit`) part of the store contract. */
export function liveLimitContract(test: ContractTest): void {
  const now = new Date(BASE);
  test('insertWithinLimit inserts below the limit and refuses at it, counting only live tokens of that owner', async (store, owner) => {
    const insert = insertWithinLimit(store);
    const alice = await owner();
    const bob = await owner();
    await store.insert(sample(alice, { revokedAt: new Date(BASE - 1) }));
    await store.insert(sample(alice, { expiresAt: new Date(BASE), createdAt: new Date(BASE - 10) }));
    await store.insert(sample(alice));
    await store.insert(sample(bob));
    const call = (n: string) => `insertWithinLimit(${n}, { maxLive: 3 }) with 1 live, 1 revoked and 1 expired token`;
    expectSame(call('a second'), 'the result', await insert(sample(alice), { maxLive: 3, now }), true);
    expectSame(call('a third'), 'the result', await insert(sample(alice), { maxLive: 3, now }), true);
    const refused = sample(alice);
    expectSame(call('a fourth'), 'the result', await insert(refused, { maxLive: 3, now }), false);
    expectSame(`findById('${refused.id}') after a refused insertWithinLimit`, 'the result', await store.findById(refused.id), null);
    expectSame("insertWithinLimit for another owner", 'the result', await insert(sample(bob), { maxLive: 3, now }), true);
    expectSame('listByOwner after the limited inserts', 'the length', (await store.listByOwner(alice)).length, 5);
  });

  test('insertWithinLimit rejects a duplicate id like insert', async (store, owner) => {
    const token = sample(await owner());
    await store.insert(token);
    await expectRejects(`insertWithinLimit(token with the existing id '${token.id}')`, () => insertWithinLimit(store)({ ...token, name: 'again' }, { maxLive: 10, now }));
  });

  test('150 concurrent insertWithinLimit calls for one owner leave exactly the limit of 100', async (store, owner) => {
    const insert = insertWithinLimit(store);
    const alice = await owner();
    const results = await Promise.all(Array.from({ length: 150 }, () => insert(sample(alice), { maxLive: 100, now })));
    expectSame('150 concurrent insertWithinLimit(…, { maxLive: 100 })', 'how many resolved true', results.filter(Boolean).length, 100);
    expectSame('listByOwner after them', 'the length', (await store.listByOwner(alice)).length, 100);
  });
}
