import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { migrations } from '../../src/db/migrations/index.js';
import { migrate, pendingMigrations, rollback } from '../../src/db/migrate.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';

const TABLES = ['Sessions', 'api_tokens', 'commits', 'stream_acl', 'streams', 'token_events', 'token_notices', 'users'];
const ALL = migrations.map((m) => m.name);

for (const kind of DATABASE_KINDS) {
  describe(`migrations on ${kind}`, function () {
    // The helper migrates on open; these tests take the schema down and up again themselves.
    const db = withDatabase(kind);

    /**
     * Names from this test's schema only. Sequelize's own catalog queries on PostgreSQL (showAllTables,
     * showIndex) look across every schema, so they would see, and race with, parallel test runs.
     */
    async function names(postgresSql: string, sqliteSql: string): Promise<string[]> {
      const sql = kind === 'postgres' ? postgresSql : sqliteSql;
      const rows = await db.sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT });
      return rows.map((r) => r.name).sort();
    }
    const tables = async () =>
      (
        await names(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
      ).filter((n) => n !== 'SequelizeMeta');
    const indexes = () =>
      names(
        'SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()',
        "SELECT name FROM sqlite_master WHERE type = 'index'",
      );

    it('has applied every migration, in order, into its own schema', async () => {
      expect(await pendingMigrations(db.sequelize)).to.deep.equal([]);
      expect(await tables()).to.deep.equal(TABLES);
      if (kind === 'postgres') {
        const [row] = await db.sequelize.query<{ schema: string }>('SELECT current_schema() AS schema', { type: QueryTypes.SELECT });
        expect(row?.schema).to.equal(db.schema).and.to.match(/^patgate_test_/);
      }
    });

    it('goes down to an empty schema and up again from empty, applying nothing twice', async () => {
      expect(await rollback(db.sequelize)).to.deep.equal([...ALL].reverse());
      expect(await tables()).to.deep.equal([]);
      expect(await pendingMigrations(db.sequelize)).to.deep.equal(ALL);
      expect(await migrate(db.sequelize)).to.deep.equal(ALL);
      expect(await migrate(db.sequelize)).to.deep.equal([]);
      expect(await tables()).to.deep.equal(TABLES);
    });

    it('creates the indexes the hot paths read', async () => {
      expect(await indexes()).to.include.members(['api_tokens_owner_id', 'stream_acl_user_id', 'commits_stream_id_created_at']);
    });

    it('enforces unique emails and cascades deletes through foreign keys', async () => {
      await db.truncate();
      const { User, Stream, StreamAcl, Commit } = db.models;
      await User.create({ id: 'u1', email: 'a@example.com', name: 'A' });
      await Stream.create({ id: 's1', name: 'S' });
      await StreamAcl.create({ streamId: 's1', userId: 'u1', role: 'stream:owner' });
      await Commit.create({ id: 'c1', streamId: 's1', authorId: 'u1', message: 'm' });
      let duplicate: unknown;
      await User.create({ id: 'u2', email: 'a@example.com', name: 'B' }).catch((error: unknown) => (duplicate = error));
      expect(duplicate).to.have.property('name', 'SequelizeUniqueConstraintError');

      await Stream.destroy({ where: { id: 's1' } });
      expect(await StreamAcl.count()).to.equal(0);
      expect(await Commit.count()).to.equal(0);
      let orphan: unknown;
      await StreamAcl.create({ streamId: 'missing', userId: 'u1', role: 'stream:owner' }).catch((error: unknown) => (orphan = error));
      expect(orphan).to.have.property('name', 'SequelizeForeignKeyConstraintError');
    });
  });
}
