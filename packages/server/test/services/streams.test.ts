import { expect } from 'chai';
import { BadInputError, ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { createStream, deleteStream, getStream, listStreams, updateStream } from '../../src/services/streams.js';
import type { StreamInfo } from '../../src/services/streams.js';
import { createCommit } from '../../src/services/commits.js';
import { grantPermission } from '../../src/services/stream-collaborators.js';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';
import { makeUsers, rejectsWith } from './fixtures.js';

/** The order listStreams promises: updatedAt descending, then id descending. */
const newestFirst = (a: StreamInfo, b: StreamInfo) =>
  b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

for (const kind of DATABASE_KINDS) {
  describe(`streams service on ${kind}`, function () {
    const db = withDatabase(kind);
    beforeEach(() => db.truncate());

    it('makes the creator the owner', async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      const stream = await createStream(db.models, ada.id, { name: ' Bridge ', description: 'steel' });
      expect(stream).to.include({ name: 'Bridge', description: 'steel', isPublic: false, role: 'stream:owner' });
      expect((await getStream(db.models, ada.id, stream.id)).role).to.equal('stream:owner');
    });

    it('pages through the caller\'s streams with totalCount and an opaque cursor', async () => {
      const [ada, bob] = await makeUsers(db.models, 'ada', 'bob');
      for (let i = 0; i < 5; i++) await createStream(db.models, ada.id, { name: `ada ${i}` });
      await createStream(db.models, bob.id, { name: 'bob only' });

      const seen: StreamInfo[] = [];
      let cursor: string | null = null;
      const pageSizes: number[] = [];
      do {
        const page = await listStreams(db.models, ada.id, { limit: 2, cursor });
        expect(page.totalCount).to.equal(5);
        pageSizes.push(page.items.length);
        seen.push(...page.items);
        cursor = page.cursor;
      } while (cursor !== null);

      expect(pageSizes).to.deep.equal([2, 2, 1]);
      expect(new Set(seen.map((s) => s.id)).size).to.equal(5);
      expect(seen.map((s) => s.name)).not.to.include('bob only');
      expect(seen.map((s) => s.id)).to.deep.equal([...seen].sort(newestFirst).map((s) => s.id));
      expect(seen.every((s) => s.role === 'stream:owner')).to.equal(true);

      const all = await listStreams(db.models, ada.id);
      expect(all.items).to.have.length(5);
      expect(all.cursor).to.equal(null);
    });

    it('puts a stream with a new commit at the top of the list', async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      const older = await createStream(db.models, ada.id, { name: 'older' });
      await createStream(db.models, ada.id, { name: 'newer' });
      // Same start for both, so the order depends on the commit alone.
      // Raw SQL because Model.update always writes its own clock reading into updatedAt.
      await db.sequelize.query('UPDATE streams SET "updatedAt" = :at', { replacements: { at: new Date(Date.UTC(2020, 0, 1)) } });
      await createCommit(db.models, ada.id, older.id, { message: 'first' });
      const { items } = await listStreams(db.models, ada.id);
      expect(items.map((s) => s.name)).to.deep.equal(['older', 'newer']);
      expect(items[0]?.updatedAt.getTime()).to.be.greaterThan(Date.UTC(2020, 0, 1));
    });

    it('refuses a bad cursor or limit with BadInputError', async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      for (const cursor of ['not base64 json', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1.5,"x"]').toString('base64url')]) {
        await rejectsWith(listStreams(db.models, ada.id, { cursor }), BadInputError);
      }
      for (const limit of [0, 101, 2.5]) await rejectsWith(listStreams(db.models, ada.id, { limit }), BadInputError);
    });

    it('hides another user\'s private stream as not found, never forbidden', async () => {
      const [ada, bob] = await makeUsers(db.models, 'ada', 'bob');
      const secret = await createStream(db.models, ada.id, { name: 'secret' });
      const error = await rejectsWith(getStream(db.models, bob.id, secret.id), NotFoundError);
      expect(error.status).to.equal(404);
      // The same answer as for an id that does not exist, or one that is not even a string.
      await rejectsWith(getStream(db.models, bob.id, 'no-such-stream'), NotFoundError);
      await rejectsWith(getStream(db.models, bob.id, { $ne: null } as unknown as string), NotFoundError);
      await rejectsWith(updateStream(db.models, bob.id, secret.id, { name: 'mine' }), NotFoundError);
      await rejectsWith(deleteStream(db.models, bob.id, secret.id), NotFoundError);
    });

    it('shows a public stream to anyone, with no role, but lets only owners change it', async () => {
      const [ada, bob, cat] = await makeUsers(db.models, 'ada', 'bob', 'cat');
      const open = await createStream(db.models, ada.id, { name: 'open', isPublic: true });
      expect((await getStream(db.models, bob.id, open.id)).role).to.equal(null);
      await rejectsWith(updateStream(db.models, bob.id, open.id, { name: 'mine' }), ForbiddenError);

      await grantPermission(db.models, ada.id, open.id, cat.id, 'stream:contributor');
      await rejectsWith(updateStream(db.models, cat.id, open.id, { isPublic: false }), ForbiddenError);
      await rejectsWith(deleteStream(db.models, cat.id, open.id), ForbiddenError);

      const updated = await updateStream(db.models, ada.id, open.id, { isPublic: false, description: 'closed now' });
      expect(updated).to.include({ isPublic: false, description: 'closed now', role: 'stream:owner' });
      await rejectsWith(getStream(db.models, bob.id, open.id), NotFoundError);
      await rejectsWith(updateStream(db.models, ada.id, open.id, { isPublic: 'yes' as unknown as boolean }), BadInputError);
    });

    it('checks inputs by the same rules as the APIs: trims, limits lengths, drops unknown keys', async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      const stream = await createStream(db.models, ada.id, { name: '  padded  ', id: 'chosen' } as never);
      expect(stream.name).to.equal('padded');
      expect(stream.id).not.to.equal('chosen');
      const long = await rejectsWith(updateStream(db.models, ada.id, stream.id, { name: 'x'.repeat(101) }), BadInputError);
      expect(long.message).to.match(/^name: /);
      expect((await updateStream(db.models, ada.id, stream.id, null as never)).name, 'a null patch changes nothing').to.equal('padded');
      await rejectsWith(createStream(db.models, ada.id, { description: 'no name' } as never), BadInputError);
    });

    it('deletes a stream with its access list and commits', async () => {
      const [ada] = await makeUsers(db.models, 'ada');
      const stream = await createStream(db.models, ada.id, { name: 'doomed' });
      await createCommit(db.models, ada.id, stream.id, { message: 'one' });
      await deleteStream(db.models, ada.id, stream.id);
      await rejectsWith(getStream(db.models, ada.id, stream.id), NotFoundError);
      expect(await db.models.StreamAcl.count()).to.equal(0);
      expect(await db.models.Commit.count()).to.equal(0);
    });
  });
}
