import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { grantPermission } from '../../src/services/streams.js';
import { DATABASE_KINDS, EARLIEST_CURSOR_MS, NO_TOKEN, expectBadCursor, expectFailsWith, forgedCursor, missingScope, tamperedCursors, withApi } from './helpers.js';

const READ = ['streams:read'];
const WRITE = ['streams:read', 'streams:write'];

for (const kind of DATABASE_KINDS) {
  describe(`stream routes on ${kind}`, function () {
    const api = withApi(kind);

    describe('GET /api/streams', () => {
      it('lists only streams the caller has a role on, paginated with totalCount and cursor', async () => {
        const ada = await api.actor('ada', READ);
        const bob = await api.makeUser('bob');
        for (const name of ['one', 'two', 'three']) await api.makeStream(ada.user, { name });
        await api.makeStream(bob, { name: 'bobs', isPublic: true });

        const first = await api.http().get('/api/streams?limit=2').set('Authorization', ada.auth).expect(200);
        expect(first.body.totalCount).to.equal(3);
        expect(first.body.items).to.have.length(2);
        expect(first.body.cursor).to.be.a('string');
        const second = await api.http().get('/api/streams').query({ limit: 2, cursor: first.body.cursor }).set('Authorization', ada.auth).expect(200);
        expect(second.body.items).to.have.length(1);
        expect(second.body.cursor).to.equal(null);
        const names = [...first.body.items, ...second.body.items].map((s: { name: string }) => s.name);
        expect(names).to.have.members(['one', 'two', 'three']);
      });

      it('answers 401 without a token and 403 without streams:read', async () => {
        expectFailsWith(await api.http().get('/api/streams'), 401, NO_TOKEN);
        const ada = await api.actor('ada', ['profile:read']);
        expectFailsWith(await api.http().get('/api/streams').set('Authorization', ada.auth), 403, missingScope('streams:read'));
      });

      it('refuses limits outside 1..100, unknown query parameters and foreign cursors with 400', async () => {
        const ada = await api.actor('ada', READ);
        for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'sort=name', 'cursor=nonsense', 'limit=1&limit=2']) {
          const res = await api.http().get(`/api/streams?${query}`).set('Authorization', ada.auth);
          expectFailsWith(res, 400, null, 'bad_request');
        }
      });

      it('refuses tampered cursors with 400 naming cursor, never 500 or a silently empty page', async () => {
        const ada = await api.actor('ada', READ);
        const stream = await api.makeStream(ada.user);
        for (const cursor of tamperedCursors(stream.id, 'AbCdEfGhIj')) {
          expectBadCursor(await api.http().get('/api/streams').query({ cursor }).set('Authorization', ada.auth), cursor);
        }
      });

      it('accepts cursors at the very ends of the time range', async () => {
        const ada = await api.actor('ada', READ);
        const stream = await api.makeStream(ada.user);
        const latest = await api.http().get('/api/streams').query({ cursor: forgedCursor([8.64e15, stream.id]) }).set('Authorization', ada.auth).expect(200);
        expect(latest.body.items.map((s: { id: string }) => s.id)).to.deep.equal([stream.id]);
        const earliest = await api.http().get('/api/streams').query({ cursor: forgedCursor([EARLIEST_CURSOR_MS, stream.id]) }).set('Authorization', ada.auth).expect(200);
        expect(earliest.body.items).to.deep.equal([]);
      });
    });

    describe('POST /api/streams', () => {
      it('creates a stream owned by the caller: 201 with Location', async () => {
        const ada = await api.actor('ada', WRITE);
        const res = await api.http().post('/api/streams').set('Authorization', ada.auth).send({ name: ' Bridge ', isPublic: true }).expect(201);
        expect(res.body).to.include({ name: 'Bridge', isPublic: true, role: 'stream:owner', description: null });
        expect(res.headers.location).to.equal(`/api/streams/${res.body.id}`);
        await api.http().get(String(res.headers.location)).set('Authorization', ada.auth).expect(200);
      });

      it('answers 401 without a token and 403 with read-only scopes', async () => {
        expectFailsWith(await api.http().post('/api/streams').send({ name: 'x' }), 401, NO_TOKEN);
        const ada = await api.actor('ada', READ);
        const res = await api.http().post('/api/streams').set('Authorization', ada.auth).send({ name: 'x' });
        expectFailsWith(res, 403, missingScope('streams:write'));
      });

      it('refuses bad bodies with 400 naming the field, never 500', async () => {
        const ada = await api.actor('ada', WRITE);
        const cases: [unknown, RegExp][] = [
          [{}, /^body\.name: /],
          [{ name: '' }, /^body\.name: /],
          [{ name: 'x'.repeat(101) }, /^body\.name: /],
          [{ name: 42 }, /^body\.name: /],
          [{ name: 'x', isPublic: 'yes' }, /^body\.isPublic: /],
          [{ name: 'x', owner: 'me' }, /owner/],
          [['name'], /^body: /],
        ];
        for (const [body, message] of cases) {
          const res = await api.http().post('/api/streams').set('Authorization', ada.auth).type('json').send(JSON.stringify(body));
          expectFailsWith(res, 400, null, 'bad_request');
          expect(res.body.error.message, JSON.stringify(body)).to.match(message);
        }
      });
    });

    describe('GET /api/streams/:id', () => {
      it('shows own streams and public streams of others (with role null)', async () => {
        const ada = await api.actor('ada', READ);
        const bob = await api.makeUser('bob');
        const own = await api.makeStream(ada.user);
        const open = await api.makeStream(bob, { isPublic: true });
        const mine = await api.http().get(`/api/streams/${own.id}`).set('Authorization', ada.auth).expect(200);
        expect(mine.body).to.include({ id: own.id, role: 'stream:owner' });
        const theirs = await api.http().get(`/api/streams/${open.id}`).set('Authorization', ada.auth).expect(200);
        expect(theirs.body).to.include({ id: open.id, role: null });
      });

      it("answers 404 for another user's private stream and for unknown ids, 400 for malformed ids", async () => {
        const ada = await api.actor('ada', READ);
        const hidden = await api.makeStream(await api.makeUser('bob'));
        expectFailsWith(await api.http().get(`/api/streams/${hidden.id}`).set('Authorization', ada.auth), 404, null, 'not_found');
        expectFailsWith(await api.http().get(`/api/streams/${randomUUID()}`).set('Authorization', ada.auth), 404, null, 'not_found');
        expectFailsWith(await api.http().get('/api/streams/1%27%20OR%201=1').set('Authorization', ada.auth), 400, null, 'bad_request');
      });

      it('answers 401 without a token and 403 without streams:read', async () => {
        const ada = await api.actor('ada', ['streams:write']);
        const stream = await api.makeStream(ada.user);
        expectFailsWith(await api.http().get(`/api/streams/${stream.id}`), 401, NO_TOKEN);
        const res = await api.http().get(`/api/streams/${stream.id}`).set('Authorization', ada.auth);
        expectFailsWith(res, 403, missingScope('streams:read'));
      });
    });

    describe('PATCH /api/streams/:id', () => {
      it('lets the owner change name, description and visibility', async () => {
        const ada = await api.actor('ada', WRITE);
        const stream = await api.makeStream(ada.user);
        const res = await api.http().patch(`/api/streams/${stream.id}`).set('Authorization', ada.auth)
          .send({ name: 'Renamed', description: 'About', isPublic: true }).expect(200);
        expect(res.body).to.include({ name: 'Renamed', description: 'About', isPublic: true });
      });

      it('answers 403 to a contributor, 404 to a stranger on a private stream', async () => {
        const ada = await api.makeUser('ada');
        const stream = await api.makeStream(ada);
        const bob = await api.actor('bob', WRITE);
        const cat = await api.actor('cat', WRITE);
        await grantPermission(api.db.models, ada.id, stream.id, bob.user.id, 'stream:contributor');
        const asContributor = await api.http().patch(`/api/streams/${stream.id}`).set('Authorization', bob.auth).send({ name: 'x' });
        expectFailsWith(asContributor, 403, null, 'forbidden');
        const asStranger = await api.http().patch(`/api/streams/${stream.id}`).set('Authorization', cat.auth).send({ name: 'x' });
        expectFailsWith(asStranger, 404, null, 'not_found');
      });

      it('answers 401 without a token, 403 without streams:write, 400 for bad bodies', async () => {
        const ada = await api.actor('ada', READ);
        const stream = await api.makeStream(ada.user);
        expectFailsWith(await api.http().patch(`/api/streams/${stream.id}`).send({ name: 'x' }), 401, NO_TOKEN);
        const noScope = await api.http().patch(`/api/streams/${stream.id}`).set('Authorization', ada.auth).send({ name: 'x' });
        expectFailsWith(noScope, 403, missingScope('streams:write'));
        const writer = `Bearer ${await api.makeToken(ada.user, WRITE)}`;
        for (const body of [{}, { id: 'other' }, { isPublic: 1 }, { description: 5 }]) {
          const res = await api.http().patch(`/api/streams/${stream.id}`).set('Authorization', writer).send(body);
          expectFailsWith(res, 400, null, 'bad_request');
        }
      });
    });

    describe('DELETE /api/streams/:id', () => {
      it('lets the owner delete: 204, then 404', async () => {
        const ada = await api.actor('ada', WRITE);
        const stream = await api.makeStream(ada.user);
        await api.http().delete(`/api/streams/${stream.id}`).set('Authorization', ada.auth).expect(204);
        expectFailsWith(await api.http().get(`/api/streams/${stream.id}`).set('Authorization', ada.auth), 404, null, 'not_found');
      });

      it('answers 403 to a reviewer, 404 to a stranger, 401 without a token, 403 without the scope, 400 for bad ids', async () => {
        const ada = await api.actor('ada', READ);
        const stream = await api.makeStream(ada.user);
        const bob = await api.actor('bob', WRITE);
        const cat = await api.actor('cat', WRITE);
        await grantPermission(api.db.models, ada.user.id, stream.id, bob.user.id, 'stream:reviewer');
        expectFailsWith(await api.http().delete(`/api/streams/${stream.id}`).set('Authorization', bob.auth), 403, null, 'forbidden');
        expectFailsWith(await api.http().delete(`/api/streams/${stream.id}`).set('Authorization', cat.auth), 404, null, 'not_found');
        expectFailsWith(await api.http().delete(`/api/streams/${stream.id}`), 401, NO_TOKEN);
        const noScope = await api.http().delete(`/api/streams/${stream.id}`).set('Authorization', ada.auth);
        expectFailsWith(noScope, 403, missingScope('streams:write'));
        expectFailsWith(await api.http().delete('/api/streams/abc').set('Authorization', bob.auth), 400, null, 'bad_request');
      });
    });
  });
}
