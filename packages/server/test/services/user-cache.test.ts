import { expect } from 'chai';
import { UserCache } from '../../src/services/user-cache.js';
import type { UserRecord } from '../../src/services/users.js';

function user(id: string, name = id): UserRecord {
  const at = new Date('2030-01-01T00:00:00Z');
  return { id, email: `${id}@example.com`, name, bio: null, company: null, avatar: null, serverRole: 'server:user', createdAt: at, updatedAt: at };
}

describe('UserCache', () => {
  let clock = 0;
  const now = () => new Date(clock);
  /** A user table that counts its reads and answers when told to. */
  function table() {
    const rows = new Map<string, UserRecord>([['u1', user('u1')]]);
    const reads: string[] = [];
    let fail = false;
    return {
      rows,
      reads,
      failNext: () => void (fail = true),
      load: async (id: string) => {
        reads.push(id);
        if (fail) {
          fail = false;
          throw new Error('database down');
        }
        return rows.get(id) ?? null;
      },
    };
  }

  beforeEach(() => (clock = Date.parse('2030-01-01T00:00:00Z')));

  it('reads a user once per time-to-live, and again after it', async () => {
    const db = table();
    const cache = new UserCache(db.load, () => 2000, now);
    expect((await cache.get('u1'))?.name).to.equal('u1');
    clock += 1999;
    await cache.get('u1');
    expect(db.reads).to.deep.equal(['u1']);
    clock += 1;
    await cache.get('u1');
    expect(db.reads).to.deep.equal(['u1', 'u1']);
  });

  it('shares one read between concurrent misses', async () => {
    const db = table();
    const cache = new UserCache(db.load, () => 2000, now);
    const users = await Promise.all([cache.get('u1'), cache.get('u1'), cache.get('u1')]);
    expect(db.reads).to.have.length(1);
    expect(users[0]).to.equal(users[2]);
  });

  it('hands out frozen records, so no request can change what the next one sees', async () => {
    const cache = new UserCache(table().load, () => 2000, now);
    const cached = (await cache.get('u1'))!;
    expect(Object.isFrozen(cached)).to.equal(true);
    try {
      (cached as { name: string }).name = 'x';
    } catch {
      // strict-mode code gets a TypeError; either way nothing changes
    }
    expect((await cache.get('u1'))?.name).to.equal('u1');
  });

  it('keeps neither a missing user nor a failed read', async () => {
    const db = table();
    const cache = new UserCache(db.load, () => 2000, now);
    expect(await cache.get('u2')).to.equal(null);
    db.rows.set('u2', user('u2'));
    expect((await cache.get('u2'))?.id).to.equal('u2');
    db.failNext();
    await cache.get('u1').then(
      () => expect.fail('should reject'),
      (error: Error) => expect(error.message).to.equal('database down'),
    );
    expect((await cache.get('u1'))?.id).to.equal('u1');
    expect(db.reads).to.deep.equal(['u2', 'u2', 'u1', 'u1']);
  });

  it('reads afresh after invalidate, also when the invalidation arrives during a read', async () => {
    const db = table();
    const cache = new UserCache(db.load, () => 60_000, now);
    await cache.get('u1');
    db.rows.set('u1', user('u1', 'renamed'));
    cache.invalidate('u1');
    expect((await cache.get('u1'))?.name).to.equal('renamed');

    db.rows.set('u1', user('u1', 'before'));
    const during = cache.get('u1'); // cached 'renamed' is still valid: no read
    cache.invalidate('u1');
    const reading = cache.get('u1'); // a read starts
    db.rows.set('u1', user('u1', 'after'));
    cache.invalidate('u1'); // the change lands while that read runs
    expect((await during)?.name).to.equal('renamed');
    expect((await reading)?.name).to.equal('before');
    expect((await cache.get('u1'))?.name).to.equal('after');
  });

  it('does not cache with a time-to-live of 0, and evicts the oldest beyond its size', async () => {
    const db = table();
    const off = new UserCache(db.load, () => 0, now);
    await off.get('u1');
    await off.get('u1');
    expect(db.reads).to.have.length(2);

    db.rows.set('u2', user('u2'));
    db.rows.set('u3', user('u3'));
    const small = new UserCache(db.load, () => 60_000, now, 2);
    db.reads.length = 0;
    for (const id of ['u1', 'u2', 'u3', 'u1']) await small.get(id);
    expect(db.reads).to.deep.equal(['u1', 'u2', 'u3', 'u1']);
  });
});
