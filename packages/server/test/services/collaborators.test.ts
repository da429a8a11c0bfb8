import { expect } from 'chai';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { createStream, getStream } from '../../src/services/streams.js';
import { grantPermission, listCollaborators, revokePermission } from '../../src/services/stream-collaborators.js';
import type { StreamRole } from '../../src/db/models.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';
import { makeUsers, rejectsWith } from './fixtures.js';

for (const kind of DATABASE_KINDS) {
  describe(`stream collaborators on ${kind}`, function () {
    const db = withDatabase(kind);
    beforeEach(() => db.truncate());

    it('shares a stream and lists collaborators strongest role first, without emails', async () => {
      const [ada, bob, cat] = await makeUsers(db.models, 'ada', 'bob', 'cat');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      await grantPermission(db.models, ada.id, stream.id, cat.id, 'stream:reviewer');
      const bobEntry = await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:contributor');
      expect(bobEntry).to.include({ id: bob.id, role: 'stream:contributor' });

      const people = await listCollaborators(db.models, cat.id, stream.id);
      expect(people.map((p) => [p.name, p.role])).to.deep.equal([
        ['ada', 'stream:owner'],
        ['bob', 'stream:contributor'],
        ['cat', 'stream:reviewer'],
      ]);
      expect(people[0]).not.to.have.property('email');
      expect((await getStream(db.models, bob.id, stream.id)).role).to.equal('stream:contributor');
    });

    it('needs a role to list collaborators', async () => {
      const [ada, bob] = await makeUsers(db.models, 'ada', 'bob');
      const open = await createStream(db.models, ada.id, { name: 'open', isPublic: true });
      const closed = await createStream(db.models, ada.id, { name: 'closed' });
      await rejectsWith(listCollaborators(db.models, bob.id, open.id), ForbiddenError);
      await rejectsWith(listCollaborators(db.models, bob.id, closed.id), NotFoundError);
    });

    it('lets only owners share, with known users and roles', async () => {
      const [ada, bob, cat] = await makeUsers(db.models, 'ada', 'bob', 'cat');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:contributor');
      await rejectsWith(grantPermission(db.models, bob.id, stream.id, cat.id, 'stream:owner'), ForbiddenError);
      await rejectsWith(grantPermission(db.models, cat.id, stream.id, cat.id, 'stream:owner'), NotFoundError);
      await rejectsWith(grantPermission(db.models, ada.id, stream.id, 'no-such-user', 'stream:reviewer'), NotFoundError);
      await rejectsWith(grantPermission(db.models, ada.id, stream.id, cat.id, 'admin' as StreamRole), BadInputError);
      await rejectsWith(revokePermission(db.models, ada.id, stream.id, cat.id), NotFoundError);
    });

    it('never removes or demotes the last owner (409)', async () => {
      const [ada, bob] = await makeUsers(db.models, 'ada', 'bob');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      const error = await rejectsWith(revokePermission(db.models, ada.id, stream.id, ada.id), ConflictError);
      expect(error.status).to.equal(409);
      await rejectsWith(grantPermission(db.models, ada.id, stream.id, ada.id, 'stream:reviewer'), ConflictError);

      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:owner');
      await revokePermission(db.models, ada.id, stream.id, ada.id);
      await rejectsWith(getStream(db.models, ada.id, stream.id), NotFoundError);
      await rejectsWith(revokePermission(db.models, bob.id, stream.id, bob.id), ConflictError);
    });

    it('keeps an owner when two owners remove each other at the same time', async () => {
      const [ada, bob] = await makeUsers(db.models, 'ada', 'bob');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:owner');
      const results = await Promise.allSettled([
        revokePermission(db.models, ada.id, stream.id, bob.id),
        revokePermission(db.models, bob.id, stream.id, ada.id),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      const owners = await db.models.StreamAcl.count({ where: { streamId: stream.id, role: 'stream:owner' } });
      expect(owners).to.equal(1);
    });
  });
}
