import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { migrate, rollback } from '../../src/db/migrate.js';
import { SequelizeTokenStore } from '../../src/store/sequelize-token-store.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';

for (const kind of DATABASE_KINDS) {
  describe(`migration 0003-token-lineage on ${kind}`, () => {
    const db = withDatabase(kind);

    it('gives every existing token its own lineage, and goes down and up again', async () => {
      await db.truncate();
      // Down to (and including) 0003, so later migrations go first; the last one reverted is 0003.
      expect((await rollback(db.sequelize, '0003-token-lineage')).at(-1)).to.equal('0003-token-lineage');
      await db.sequelize.query(`INSERT INTO users (id, email, name, "serverRole", "createdAt", "updatedAt") VALUES ('u1', 'a@example.com', 'A', 'server:user', ?, ?)`, {
        replacements: [new Date(), new Date()],
      });
      await db.sequelize.query(
        `INSERT INTO api_tokens (id, "ownerId", name, scopes, "secretHash", "lastChars", "createdAt") VALUES ('OldToken01', 'u1', 'old', '[]', 'ab', 'n01', ?)`,
        { replacements: [new Date()] },
      );
      expect(await migrate(db.sequelize)).to.include('0003-token-lineage');
      const [row] = await db.sequelize.query<{ lineageId: string }>('SELECT "lineageId" FROM api_tokens', { type: QueryTypes.SELECT });
      expect(row?.lineageId).to.equal('OldToken01');
      expect((await new SequelizeTokenStore(db.models).findById('OldToken01'))?.lineageId).to.equal('OldToken01');
    });
  });
}
