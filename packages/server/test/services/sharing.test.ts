import { expect } from 'chai';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { createStream, getStream, updateStream } from '../../src/services/streams.js';
import { grantPermission, leaveStream, listCollaborators, revokePermission, updatePermission } from '../../src/services/stream-collaborators.js';
import type { StreamRole } from '../../src/db/models.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';
import { makeUsers, rejectsWith } from './fixtures.js';

const LONG_AGO = new Date(Date.UTC(2020, 0, 1));

for (const kind of DATABASE_KINDS) {
  describe(`sharing (Speckle's streamUpdatePermission, streamLeave) and updatedAt on ${kind}`, function () {
    const db = withDatabase(kind);
    beforeEach(() => db.truncate());

    /** Puts the stream's updatedAt far in the past, so any later change is seen without waiting on the clock. */
    async function backdate(streamId: string): Promise<void> {
      await db.sequelize.query('UPDATE streams SET "updatedAt" = :at WHERE id = :id', { replacements: { at: LONG_AGO, id: streamId } });
    }
    async function updatedAt(streamId: string): Promise<number> {
      return (await db.models.Stream.findByPk(streamId))!.updatedAt.getTime();
    }

    it('moves updatedAt when a collaborator is granted, changed, updated, revoked or leaves, never for a no-op or a refusal', async () => {
      const [ada, bob, cat] = await makeUsers(db.models, 'ada', 'bob', 'cat');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      const steps: [string, () => Promise<unknown>][] = [
        ['grant', () => grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:reviewer')],
        ['change by grant', () => grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:contributor')],
        ['update', () => updatePermission(db.models, ada.id, stream.id, bob.id, 'stream:owner')],
        ['revoke', () => revokePermission(db.models, ada.id, stream.id, bob.id)],
        ['grant again', () => grantPermission(db.models, ada.id, stream.id, cat.id, 'stream:reviewer')],
        ['leave', () => leaveStream(db.models, cat.id, stream.id)],
      ];
      for (const [name, step] of steps) {
        await backdate(stream.id);
        await step();
        expect(await updatedAt(stream.id), name).to.be.greaterThan(LONG_AGO.getTime());
      }

      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:reviewer');
      await backdate(stream.id);
      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:reviewer');
      await updatePermission(db.models, ada.id, stream.id, bob.id, 'stream:reviewer');
      await rejectsWith(revokePermission(db.models, ada.id, stream.id, ada.id), ConflictError);
      await rejectsWith(leaveStream(db.models, ada.id, stream.id), ConflictError);
      expect(await updatedAt(stream.id), 'unchanged by a no-op or a refusal').to.equal(LONG_AGO.getTime());
    });

    it('updatePermission changes an existing role only, as owner, and never demotes the last owner', async () => {
      const [ada, bob, cat] = await makeUsers(db.models, 'ada', 'bob', 'cat');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      await rejectsWith(updatePermission(db.models, ada.id, stream.id, bob.id, 'stream:reviewer'), NotFoundError);
      expect((await listCollaborators(db.models, ada.id, stream.id)).map((c) => c.id), 'nobody added').to.deep.equal([ada.id]);

      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:reviewer');
      await updatePermission(db.models, ada.id, stream.id, bob.id, 'stream:contributor');
      expect((await getStream(db.models, bob.id, stream.id)).role).to.equal('stream:contributor');
      await rejectsWith(updatePermission(db.models, bob.id, stream.id, bob.id, 'stream:owner'), ForbiddenError);
      await rejectsWith(updatePermission(db.models, cat.id, stream.id, bob.id, 'stream:owner'), NotFoundError);
      await rejectsWith(updatePermission(db.models, ada.id, stream.id, bob.id, 'admin' as StreamRole), BadInputError);
      const error = await rejectsWith(updatePermission(db.models, ada.id, stream.id, ada.id, 'stream:reviewer'), ConflictError);
      expect(error.status).to.equal(409);
    });

    it('leaveStream gives up any role, but the last owner stays (409) and a viewer without a role has none to give', async () => {
      const [ada, bob, cat] = await makeUsers(db.models, 'ada', 'bob', 'cat');
      const stream = await createStream(db.models, ada.id, { name: 's', isPublic: true });
      const closed = await createStream(db.models, ada.id, { name: 'closed' });
      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:reviewer');
      await leaveStream(db.models, bob.id, stream.id);
      expect((await getStream(db.models, bob.id, stream.id)).role, 'public: still visible, no role').to.equal(null);
      await rejectsWith(leaveStream(db.models, bob.id, stream.id), ForbiddenError);
      await rejectsWith(leaveStream(db.models, cat.id, closed.id), NotFoundError);

      const error = await rejectsWith(leaveStream(db.models, ada.id, stream.id), ConflictError);
      expect(error.message).to.match(/at least one owner/);
      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:owner');
      await leaveStream(db.models, ada.id, stream.id);
      expect((await listCollaborators(db.models, bob.id, stream.id)).map((c) => [c.id, c.role])).to.deep.equal([[bob.id, 'stream:owner']]);
    });

    it('keeps an owner when the last two owners leave at the same time', async () => {
      const [ada, bob] = await makeUsers(db.models, 'ada', 'bob');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:owner');
      const results = await Promise.allSettled([leaveStream(db.models, ada.id, stream.id), leaveStream(db.models, bob.id, stream.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      expect(await db.models.StreamAcl.count({ where: { streamId: stream.id, role: 'stream:owner' } })).to.equal(1);
    });

    it('isDiscoverable: false by default, kept for a public stream, cleared whenever the stream is private', async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      expect(await createStream(db.models, ada.id, { name: 'plain', isPublic: true })).to.include({ isDiscoverable: false });
      const listed = await createStream(db.models, ada.id, { name: 'listed', isPublic: true, isDiscoverable: true });
      expect(listed).to.include({ isPublic: true, isDiscoverable: true });
      expect(await createStream(db.models, ada.id, { name: 'private', isDiscoverable: true })).to.include({ isPublic: false, isDiscoverable: false });
      expect(await updateStream(db.models, ada.id, listed.id, { isPublic: false })).to.include({ isDiscoverable: false });
      expect(await updateStream(db.models, ada.id, listed.id, { isDiscoverable: true })).to.include({ isDiscoverable: false });
      expect(await updateStream(db.models, ada.id, listed.id, { isPublic: true, isDiscoverable: true })).to.include({ isDiscoverable: true });
      expect(await getStream(db.models, ada.id, listed.id)).to.include({ isPublic: true, isDiscoverable: true });
      await rejectsWith(createStream(db.models, ada.id, { name: 'x', isDiscoverable: 'yes' } as never), BadInputError);
    });
  });
}
