import { expect } from 'chai';
import { createCommit } from '../../src/services/commits.js';
import { grantPermission } from '../../src/services/streams.js';
import { DATABASE_KINDS, EARLIEST_CURSOR_MS, NO_TOKEN, expectBadCursor, expectFailsWith, forgedCursor, missingScope, tamperedCursors, withApi } from './helpers.js';

const READ = ['streams:read'];
const WRITE = ['streams:read', 'streams:write'];

for (const kind of DATABASE_KINDS) {
  describe(`commit routes on ${kind}`, function () {
    const api = withApi(kind);
    const path = (streamId: string) => `/api/streams/${streamId}/commits`;

    describe('GET /api/streams/:id/commits', () => {
      it('lists commits newest first, paginated', async () => {
        const ada = await api.actor('ada', READ);
        const stream = await api.makeStream(ada.user);
        for (const message of ['first', 'second', 'third']) await createCommit(api.db.models, ada.user.id, stream.id, { message });
        const first = await api.http().get(path(stream.id)).query({ limit: 2 }).set('Authorization', ada.auth).expect(200);
        expect(first.body.totalCount).to.equal(3);
        expect(first.body.items).to.have.length(2);
        const second = await api.http().get(path(stream.id)).query({ limit: 2, cursor: first.body.cursor }).set('Authorization', ada.auth).expect(200);
        expect(second.body).to.include({ cursor: null });
        const messages = [...first.body.items, ...second.body.items].map((c: { message: string }) => c.message);
        expect(messages).to.have.members(['first', 'second', 'third']);
      });

      it("reads a public stream's commits without a role, and 404s on another user's private stream", async () => {
        const ada = await api.makeUser('ada');
        const bob = await api.actor('bob', READ);
        const open = await api.makeStream(ada, { isPublic: true });
        const closed = await api.makeStream(ada);
        await api.http().get(path(open.id)).set('Authorization', bob.auth).expect(200);
        expectFailsWith(await api.http().get(path(closed.id)).set('Authorization', bob.auth), 404, null, 'not_found');
      });

      it('answers 401 without a token, 403 without streams:read, 400 for bad ids and paging', async () => {
        const ada = await api.actor('ada', ['streams:write']);
        const stream = await api.makeStream(ada.user);
        expectFailsWith(await api.http().get(path(stream.id)), 401, NO_TOKEN);
        expectFailsWith(await api.http().get(path(stream.id)).set('Authorization', ada.auth), 403, missingScope('streams:read'));
        const reader = `Bearer ${await api.makeToken(ada.user, READ)}`;
        expectFailsWith(await api.http().get(path('x')).set('Authorization', reader), 400, null, 'bad_request');
        expectFailsWith(await api.http().get(`${path(stream.id)}?limit=500`).set('Authorization', reader), 400, null, 'bad_request');
      });

      it('refuses tampered cursors with 400 naming cursor, and accepts the ends of the time range', async () => {
        const ada = await api.actor('ada', READ);
        const stream = await api.makeStream(ada.user);
        const commit = await createCommit(api.db.models, ada.user.id, stream.id, { message: 'only' });
        for (const cursor of tamperedCursors(commit.id, 'AbCdEfGhIj')) {
          expectBadCursor(await api.http().get(path(stream.id)).query({ cursor }).set('Authorization', ada.auth), cursor);
        }
        const latest = await api.http().get(path(stream.id)).query({ cursor: forgedCursor([8.64e15, commit.id]) }).set('Authorization', ada.auth).expect(200);
        expect(latest.body.items.map((c: { id: string }) => c.id)).to.deep.equal([commit.id]);
        const earliest = await api.http().get(path(stream.id)).query({ cursor: forgedCursor([EARLIEST_CURSOR_MS, commit.id]) }).set('Authorization', ada.auth).expect(200);
        expect(earliest.body.items).to.deep.equal([]);
      });
    });

    describe('POST /api/streams/:id/commits', () => {
      it('lets a contributor commit: 201 with the commit', async () => {
        const ada = await api.makeUser('ada');
        const bob = await api.actor('bob', WRITE);
        const stream = await api.makeStream(ada);
        await grantPermission(api.db.models, ada.id, stream.id, bob.user.id, 'stream:contributor');
        const res = await api.http().post(path(stream.id)).set('Authorization', bob.auth)
          .send({ message: 'Add deck', branchName: 'design', objectId: 'abc123' }).expect(201);
        expect(res.body).to.include({ streamId: stream.id, authorId: bob.user.id, message: 'Add deck', branchName: 'design', objectId: 'abc123' });
      });

      it('answers 403 to a reviewer and to a non-member of a public stream, 404 on a private one', async () => {
        const ada = await api.makeUser('ada');
        const bob = await api.actor('bob', WRITE);
        const open = await api.makeStream(ada, { isPublic: true });
        const closed = await api.makeStream(ada);
        expectFailsWith(await api.http().post(path(open.id)).set('Authorization', bob.auth).send({ message: 'm' }), 403, null, 'forbidden');
        expectFailsWith(await api.http().post(path(closed.id)).set('Authorization', bob.auth).send({ message: 'm' }), 404, null, 'not_found');
        await grantPermission(api.db.models, ada.id, closed.id, bob.user.id, 'stream:reviewer');
        expectFailsWith(await api.http().post(path(closed.id)).set('Authorization', bob.auth).send({ message: 'm' }), 403, null, 'forbidden');
      });

      it('answers 401 without a token, 403 without streams:write, 400 for bad bodies', async () => {
        const ada = await api.actor('ada', READ);
        const stream = await api.makeStream(ada.user);
        expectFailsWith(await api.http().post(path(stream.id)).send({ message: 'm' }), 401, NO_TOKEN);
        const noScope = await api.http().post(path(stream.id)).set('Authorization', ada.auth).send({ message: 'm' });
        expectFailsWith(noScope, 403, missingScope('streams:write'));
        const writer = `Bearer ${await api.makeToken(ada.user, WRITE)}`;
        const bodies = [{}, { message: '' }, { message: 1 }, { message: 'm', branchName: 'b'.repeat(101) }, { message: 'm', authorId: ada.user.id }];
        for (const body of bodies) {
          const res = await api.http().post(path(stream.id)).set('Authorization', writer).send(body);
          expectFailsWith(res, 400, null, 'bad_request');
        }
      });
    });
  });
}
