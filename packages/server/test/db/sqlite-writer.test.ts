import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import sqlite3 from 'sqlite3';
import type { Transaction } from 'sequelize';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../src/db/connection.js';
import { WriteLock } from '../../src/db/sqlite-writer.js';
import { DatabaseBusyError, unavailableError } from '../../src/db/unavailable.js';
import { withDatabase } from '../helpers/db.js';

const openFiles = () => readdirSync('/proc/self/fd').length;

describe('WriteLock', () => {
  it('grants the lock in arrival order, one holder at a time', async () => {
    const lock = new WriteLock(1000);
    const order: number[] = [];
    await lock.acquire();
    const waiting = [1, 2, 3].map((n) => lock.acquire().then(() => order.push(n)));
    expect(lock.queued).to.equal(3);
    for (let n = 0; n < 3; n++) {
      lock.release();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(waiting);
    expect(order).to.deep.equal([1, 2, 3]);
    lock.release();
  });

  it('gives up after its wait with DatabaseBusyError, leaving the queue behind it intact', async () => {
    const lock = new WriteLock(30);
    await lock.acquire();
    const error = await lock.acquire().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DatabaseBusyError);
    expect(lock.queued).to.equal(0);
    lock.release();
    await lock.acquire(); // free again
  });
});

describe('SQLite writes through the queue', function () {
  this.timeout(30_000);
  const db = withDatabase('sqlite');
  beforeEach(() => db.truncate());

  const addUser = (transaction?: Transaction) =>
    db.models.User.create({ id: randomUUID(), email: `${randomUUID()}@example.com`, name: 'u' }, { transaction });

  it('runs 64 concurrent transactions without stalling (more than libuv has threads)', async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: 64 }, () => db.sequelize.transaction((t) => addUser(t))));
    expect(await db.models.User.count()).to.equal(64);
    expect(Date.now() - started).to.be.below(10_000);
  });

  it('serves reads while a write transaction holds the queue', async () => {
    await addUser();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const writing = db.sequelize.transaction(async (t) => {
      await addUser(t);
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    expect(await db.models.User.count()).to.equal(1);
    expect(Date.now() - started).to.be.below(1000);
    release();
    await writing;
  });

  it('releases the queue when a transaction fails, and keeps the open file count flat', async () => {
    await addUser(); // the writer connection is open from here on
    const before = openFiles();
    for (let n = 0; n < 50; n++) {
      await db.sequelize
        .transaction(async (t) => {
          await addUser(t);
          throw new Error('changed my mind');
        })
        .catch(() => undefined);
    }
    await addUser();
    expect(await db.models.User.count()).to.equal(2);
    expect(openFiles()).to.be.at.most(before + 1);
  });

  it('answers another process holding the lock past the busy timeout with SQLITE_BUSY, a 503 database_busy', async () => {
    const storage = db.url.slice('sqlite:'.length);
    const other = new sqlite3.Database(storage);
    await new Promise<void>((resolve, reject) => other.exec('BEGIN IMMEDIATE', (err) => (err ? reject(err) : resolve())));
    try {
      const started = Date.now();
      const error = await addUser().catch((e: unknown) => e);
      expect(Date.now() - started).to.be.within(SQLITE_BUSY_TIMEOUT_MS - 200, SQLITE_BUSY_TIMEOUT_MS + 3000);
      expect(unavailableError(error)).to.be.instanceOf(DatabaseBusyError);
      // Reads are not held up by the other process's write lock (WAL).
      expect(await db.models.User.count()).to.equal(0);
    } finally {
      await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
    }
    await addUser();
    expect(await db.models.User.count()).to.equal(1);
  });
});
