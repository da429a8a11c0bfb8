import { expect } from 'chai';
import { BadInputError, ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { createCommit, listCommits } from '../../src/services/commits.js';
import { createStream } from '../../src/services/streams.js';
import { grantPermission } from '../../src/services/stream-collaborators.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';
import { makeUsers, rejectsWith } from './fixtures.js';

for (const kind of DATABASE_KINDS) {
  describe(`commits service on ${kind}`, function () {
    const db = withDatabase(kind);
    beforeEach(() => db.truncate());

    it('lets contributors and owners commit, but not reviewers', async () => {
      const [ada, bob, cat] = await makeUsers(db.models, 'ada', 'bob', 'cat');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      await grantPermission(db.models, ada.id, stream.id, bob.id, 'stream:contributor');
      await grantPermission(db.models, ada.id, stream.id, cat.id, 'stream:reviewer');

      const commit = await createCommit(db.models, bob.id, stream.id, { message: 'deck', objectId: 'f00d' });
      expect(commit).to.include({ streamId: stream.id, authorId: bob.id, message: 'deck', branchName: 'main', objectId: 'f00d' });
      await createCommit(db.models, ada.id, stream.id, { message: 'piers', branchName: 'dev' });
      const error = await rejectsWith(createCommit(db.models, cat.id, stream.id, { message: 'nope' }), ForbiddenError);
      expect(error.status).to.equal(403);
      expect((await listCommits(db.models, cat.id, stream.id)).totalCount).to.equal(2);
    });

    it('hides private streams and lets anyone read, but not write, a public one', async () => {
      const [ada, bob] = await makeUsers(db.models, 'ada', 'bob');
      const closed = await createStream(db.models, ada.id, { name: 'closed' });
      const open = await createStream(db.models, ada.id, { name: 'open', isPublic: true });
      await rejectsWith(listCommits(db.models, bob.id, closed.id), NotFoundError);
      await rejectsWith(createCommit(db.models, bob.id, closed.id, { message: 'x' }), NotFoundError);
      await rejectsWith(createCommit(db.models, bob.id, 'no-such-stream', { message: 'x' }), NotFoundError);
      expect((await listCommits(db.models, bob.id, open.id)).items).to.deep.equal([]);
      await rejectsWith(createCommit(db.models, bob.id, open.id, { message: 'x' }), ForbiddenError);
      const bad = [
        { message: 'x'.repeat(10_001) },
        { message: 42 },
        { message: 'x', branchName: '' },
        { message: 'x', objectId: 7 },
        { sourceApplication: '' },
        { totalChildrenCount: -1 },
        { totalChildrenCount: 1.5 },
        { parents: 'f00d' },
        { parents: [''] },
        { parents: Array.from({ length: 101 }, (_, i) => `p${i}`) },
      ];
      for (const input of bad) await rejectsWith(createCommit(db.models, ada.id, open.id, input as never), BadInputError);
    });

    it("takes Speckle's commit input: no message (or an empty one), sourceApplication, totalChildrenCount, parents", async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      const bare = await createCommit(db.models, ada.id, stream.id, { objectId: 'f00d' });
      expect(bare).to.include({ message: '', branchName: 'main', objectId: 'f00d', sourceApplication: null, totalChildrenCount: null });
      expect(bare.parents).to.deep.equal([]);
      expect((await createCommit(db.models, ada.id, stream.id, { message: '   ' })).message).to.equal('');
      const full = await createCommit(db.models, ada.id, stream.id, {
        message: 'deck',
        objectId: 'beef',
        sourceApplication: 'Rhino 8',
        totalChildrenCount: 1204,
        parents: [bare.id],
      });
      expect(full).to.include({ sourceApplication: 'Rhino 8', totalChildrenCount: 1204 });
      const listed = (await listCommits(db.models, ada.id, stream.id)).items.find((c) => c.id === full.id);
      expect(listed).to.deep.equal(full);
      expect(listed?.parents).to.deep.equal([bare.id]);
    });

    it('pages commits newest first', async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      const stream = await createStream(db.models, ada.id, { name: 's' });
      // Distinct, known times so the expected order does not depend on the clock; ids are UUIDs like
      // newId()'s, since a cursor naming anything else is refused.
      const id = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;
      for (let i = 0; i < 5; i++) {
        await db.models.Commit.create({ id: id(i), streamId: stream.id, authorId: ada.id, message: `m${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, i)) });
      }
      const first = await listCommits(db.models, ada.id, stream.id, { limit: 3 });
      expect(first.totalCount).to.equal(5);
      expect(first.items.map((c) => c.id)).to.deep.equal([id(4), id(3), id(2)]);
      const second = await listCommits(db.models, ada.id, stream.id, { limit: 3, cursor: first.cursor });
      expect(second.items.map((c) => c.id)).to.deep.equal([id(1), id(0)]);
      expect(second.cursor).to.equal(null);
    });
  });
}
