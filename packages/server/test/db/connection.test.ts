import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Sequelize, Transaction } from 'sequelize';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';

async function pragma(sequelize: Sequelize, name: string, transaction?: Transaction): Promise<unknown> {
  const row = (await sequelize.query(`PRAGMA ${name}`, { plain: true, transaction })) as Record<string, unknown> | null;
  return row ? Object.values(row)[0] : undefined;
}

describe('openDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'patgate-conn-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to data/patgate.sqlite under dataDir, creating the folder', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const sequelize = openDatabase({ dataDir });
    await sequelize.authenticate();
    expect(existsSync(path.join(dataDir, 'patgate.sqlite'))).to.equal(true);
    await sequelize.close();
  });

  // busy_timeout 0 on purpose: a lock wait must not sleep on a worker thread; the retry is on the event loop.
  it('runs SQLite in WAL mode with no busy timeout and foreign keys, on every connection', async () => {
    const sequelize = openDatabase({ url: `sqlite:${path.join(dir, 'x.sqlite')}` });
    try {
      expect(await pragma(sequelize, 'journal_mode')).to.equal('wal');
      expect(await pragma(sequelize, 'busy_timeout')).to.equal(0);
      expect(await pragma(sequelize, 'foreign_keys')).to.equal(1);
      // Transactions run on the separate writer connection: it must be tuned the same way.
      await sequelize.transaction(async (transaction) => {
        expect(await pragma(sequelize, 'busy_timeout', transaction)).to.equal(0);
        expect(await pragma(sequelize, 'foreign_keys', transaction)).to.equal(1);
      });
    } finally {
      await sequelize.close();
    }
  });

  it('lets two writers queue instead of failing with SQLITE_BUSY', async () => {
    const sequelize = openDatabase({ url: `sqlite:${path.join(dir, 'x.sqlite')}` });
    try {
      await sequelize.query('CREATE TABLE t (n INTEGER)');
      await Promise.all(
        [1, 2, 3].map((n) =>
          sequelize.transaction(async (transaction) => {
            await sequelize.query(`INSERT INTO t VALUES (${n})`, { transaction });
          }),
        ),
      );
      const [row] = (await sequelize.query('SELECT COUNT(*) AS n FROM t'))[0] as Array<{ n: number }>;
      expect(row?.n).to.equal(3);
    } finally {
      await sequelize.close();
    }
  });

  it('closes cleanly: the WAL is checkpointed and its files removed', async () => {
    const sequelize = openDatabase({ url: `sqlite:${path.join(dir, 'x.sqlite')}` });
    await migrate(sequelize);
    await sequelize.close();
    expect(readdirSync(dir)).to.deep.equal(['x.sqlite']);
  });

  it('opens sqlite::memory: and sqlite:///absolute/path URLs', async () => {
    const memory = openDatabase({ url: 'sqlite::memory:' });
    expect(await migrate(memory)).to.have.length.greaterThan(0);
    await memory.close();
    const file = path.join(dir, 'abs.sqlite');
    const absolute = openDatabase({ url: `sqlite://${file}` });
    await absolute.authenticate();
    await absolute.close();
    expect(existsSync(file)).to.equal(true);
  });

  it('fails fast on an unsupported URL or a schema where it cannot apply', () => {
    expect(() => openDatabase({ url: 'mysql://localhost/x' })).to.throw(/unsupported `url` "mysql:"/);
    expect(() => openDatabase({ url: 'sqlite::memory:', schema: 'x' })).to.throw(/PostgreSQL only/);
    expect(() => openDatabase({ url: 'postgres://localhost/x', schema: 'x; DROP' })).to.throw(/letters, digits/);
  });
});
