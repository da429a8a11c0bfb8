import { expect } from 'chai';
import { ConflictError, BadInputError } from '../../src/services/errors.js';
import { DEFAULT_SCRYPT_PARAMS } from '../../src/services/passwords.js';
import { countUsers, createUser, getUserByEmail, getUserById, toPublicUser, verifyPassword } from '../../src/services/users.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';
import { rejectsWith } from './fixtures.js';

for (const kind of DATABASE_KINDS) {
  describe(`users service on ${kind}`, function () {
    const db = withDatabase(kind);
    beforeEach(() => db.truncate());

    it('stores the email lower-cased and a scrypt hash, and signs in with the right password only', async () => {
      const ada = await createUser(db.models, { email: ' Ada@Example.COM ', name: 'Ada', password: 'correct horse' });
      expect(ada.email).to.equal('ada@example.com');
      expect(ada.serverRole).to.equal('server:user');
      expect(ada).not.to.have.property('passwordHash');

      const row = await db.models.User.findByPk(ada.id);
      const { N, r, p } = DEFAULT_SCRYPT_PARAMS;
      expect(row?.passwordHash).to.match(new RegExp(`^scrypt\\$${N}\\$${r}\\$${p}\\$[\\w-]{22}\\$[\\w-]{43}$`));

      expect((await verifyPassword(db.models, 'ADA@example.com', 'correct horse'))?.id).to.equal(ada.id);
      expect(await verifyPassword(db.models, 'ada@example.com', 'wrong horse')).to.equal(null);
      expect(await verifyPassword(db.models, 'nobody@example.com', 'correct horse')).to.equal(null);
    });

    it('never signs in a user created without a password', async () => {
      await createUser(db.models, { email: 'cli@example.com', name: 'CLI' });
      expect(await verifyPassword(db.models, 'cli@example.com', '')).to.equal(null);
    });

    it('refuses a second user with the same email in another letter case', async () => {
      await createUser(db.models, { email: 'ada@example.com', name: 'Ada' });
      const error = await rejectsWith(createUser(db.models, { email: 'ADA@example.com', name: 'Other' }), ConflictError);
      expect(error.status).to.equal(409);
      expect(await countUsers(db.models)).to.equal(1);
    });

    it('refuses unusable input with BadInputError instead of a database error', async () => {
      await rejectsWith(createUser(db.models, { email: 'not-an-email', name: 'X' }), BadInputError);
      await rejectsWith(createUser(db.models, { email: 'x@example.com', name: '  ' }), BadInputError);
      await rejectsWith(createUser(db.models, { email: 'x@example.com', name: 'X', password: '' }), BadInputError);
      await rejectsWith(createUser(db.models, { email: 'x@example.com', name: 'X', password: 'seven77' }), BadInputError);
      await rejectsWith(createUser(db.models, { email: 'x@example.com', name: 'X', password: 'x'.repeat(1025) }), BadInputError);
      const role = 'root' as 'server:admin';
      await rejectsWith(createUser(db.models, { email: 'x@example.com', name: 'X', serverRole: role }), BadInputError);
    });

    it('refuses a name or email longer than its column, naming the field, before the database sees it', async () => {
      const long = await rejectsWith(createUser(db.models, { email: 'x@example.com', name: 'n'.repeat(300) }), BadInputError);
      expect(long.message).to.match(/name/i).and.match(/255/);
      const longEmail = `${'a'.repeat(323)}@example.com`;
      expect(longEmail).to.have.length(335);
      const tooLong = await rejectsWith(createUser(db.models, { email: longEmail, name: 'X' }), BadInputError);
      expect(tooLong.message).to.match(/email/i).and.match(/320/);
      // At the limits exactly, both are stored.
      const edge = await createUser(db.models, { email: `${'a'.repeat(308)}@example.com`, name: 'n'.repeat(255) });
      expect(edge.email).to.have.length(320);
      expect(edge.name).to.have.length(255);
      expect(await countUsers(db.models)).to.equal(1);
    });

    it('refuses a name or email with control characters (PostgreSQL cannot store NUL)', async () => {
      const name = await rejectsWith(createUser(db.models, { email: 'x@example.com', name: 'A\u0000B' }), BadInputError);
      expect(name.message).to.match(/name/i);
      const email = await rejectsWith(createUser(db.models, { email: 'x\u0000@example.com', name: 'X' }), BadInputError);
      expect(email.message).to.match(/email/i);
      expect(await countUsers(db.models)).to.equal(0);
    });

    it('finds users by id and by email in any case; unknown or odd ids give null', async () => {
      const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', serverRole: 'server:admin' });
      expect((await getUserById(db.models, ada.id))?.serverRole).to.equal('server:admin');
      expect((await getUserByEmail(db.models, 'ADA@EXAMPLE.com'))?.id).to.equal(ada.id);
      expect(await getUserById(db.models, 'no-such-user')).to.equal(null);
      expect(await getUserById(db.models, { id: ada.id } as unknown as string)).to.equal(null);
      expect(await countUsers(db.models)).to.equal(1);
    });

    it('shows the email in a public profile only when asked to', async () => {
      const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', company: 'Analytical' });
      expect(toPublicUser(ada, { includeEmail: false })).to.deep.equal({
        id: ada.id, name: 'Ada', bio: null, company: 'Analytical', avatar: null,
      });
      expect(toPublicUser(ada, { includeEmail: true }).email).to.equal('ada@example.com');
    });
  });
}
