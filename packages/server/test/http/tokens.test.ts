import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { TokenPolicyError } from '@patgate/middleware';
import { SCOPES } from '../../src/scopes.js';
import { DATABASE_KINDS, EARLIEST_CURSOR_MS, NO_TOKEN, expectBadCursor, expectFailsWith, forgedCursor, missingScope, tamperedCursors, withApi } from './helpers.js';

const DAY = 86_400_000;
const INVALID_TOKEN = /^Bearer realm="patgate", error="invalid_token"/;

/** The 32 secret characters of `pat_<id 10><secret 32><checksum 6>`. */
function secretOf(token: string): string {
  return token.slice('pat_'.length + 10, 'pat_'.length + 42);
}

for (const kind of DATABASE_KINDS) {
  describe(`token routes on ${kind}`, function () {
    const api = withApi(kind);

    describe('GET /api/tokens', () => {
      it("lists the caller's tokens, newest first and paginated, without secrets or hashes", async () => {
        const ada = await api.actor('ada', ['tokens:read']);
        for (let i = 0; i < 2; i += 1) {
          api.clock.advance(1000);
          await api.makeToken(ada.user, ['streams:read']);
        }
        await api.actor('bob', ['tokens:read']);
        const first = await api.http().get('/api/tokens?limit=2').set('Authorization', ada.auth).expect(200);
        expect(first.body.totalCount).to.equal(3);
        expect(first.body.items).to.have.length(2);
        const second = await api.http().get('/api/tokens').query({ limit: 2, cursor: first.body.cursor }).set('Authorization', ada.auth).expect(200);
        expect(second.body.items).to.have.length(1);
        expect(second.body.cursor).to.equal(null);
        const all = [...first.body.items, ...second.body.items];
        expect(all.at(-1).id).to.equal(ada.token.slice(4, 14));
        for (const item of all) {
          expect(item).to.have.all.keys('id', 'name', 'scopes', 'lastChars', 'createdAt', 'expiresAt', 'lastUsedAt', 'lastUsedIp', 'lastUsedUserAgent', 'revokedAt', 'streamIds');
        }
        expect(JSON.stringify(all)).not.to.include(secretOf(ada.token));
      });

      it('answers 401 without a token, 403 without tokens:read, 400 for bad paging', async () => {
        expectFailsWith(await api.http().get('/api/tokens'), 401, NO_TOKEN);
        const ada = await api.actor('ada', ['profile:read']);
        expectFailsWith(await api.http().get('/api/tokens').set('Authorization', ada.auth), 403, missingScope('tokens:read'));
        const reader = `Bearer ${await api.makeToken(ada.user, ['tokens:read'])}`;
        for (const query of ['limit=0', 'cursor=%%%', 'all=1']) {
          expectFailsWith(await api.http().get(`/api/tokens?${query}`).set('Authorization', reader), 400, null, 'bad_request');
        }
      });

      it('refuses tampered cursors with 400 naming cursor, rather than an empty page', async () => {
        const ada = await api.actor('ada', ['tokens:read']);
        const tokenId = ada.token.slice(4, 14);
        for (const cursor of tamperedCursors(tokenId, '00000000-0000-4000-8000-000000000000')) {
          expectBadCursor(await api.http().get('/api/tokens').query({ cursor }).set('Authorization', ada.auth), cursor);
        }
        const latest = await api.http().get('/api/tokens').query({ cursor: forgedCursor([8.64e15, tokenId]) }).set('Authorization', ada.auth).expect(200);
        expect(latest.body.items.map((t: { id: string }) => t.id)).to.deep.equal([tokenId]);
        const earliest = await api.http().get('/api/tokens').query({ cursor: forgedCursor([EARLIEST_CURSOR_MS, tokenId]) }).set('Authorization', ada.auth).expect(200);
        expect(earliest.body.items).to.deep.equal([]);
      });

      it('pages through every token, newest first, without repeats or gaps', async () => {
        const ada = await api.actor('ada', ['tokens:read']);
        for (let i = 0; i < 4; i += 1) await api.makeToken(ada.user, ['streams:read']);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: Record<string, string | number> = cursor ? { limit: 2, cursor } : { limit: 2 };
          const res = await api.http().get('/api/tokens').query(query).set('Authorization', ada.auth).expect(200);
          seen.push(...res.body.items.map((t: { id: string }) => t.id));
          cursor = res.body.cursor;
        } while (cursor !== null);
        expect(seen).to.have.length(5);
        expect(new Set(seen).size).to.equal(5);
      });
    });

    describe('GET /api/tokens/current', () => {
      it('introspects the token making the request, whatever its scopes', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        const res = await api.http().get('/api/tokens/current').set('Authorization', ada.auth).expect(200);
        expect(res.body).to.include({ id: ada.token.slice(4, 14), name: 'test', revokedAt: null });
        expect(res.body.scopes).to.deep.equal(['profile:read']);
        const lifespan = Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt);
        expect(lifespan, 'default lifespan').to.equal(30 * DAY);
        expect(res.body).to.have.property('lastUsedAt');
      });

      it('answers 401 without a token or with a forged one, 400 for a malformed header', async () => {
        expectFailsWith(await api.http().get('/api/tokens/current'), 401, NO_TOKEN);
        const ada = await api.actor('ada', ['profile:read']);
        const forged = ada.token.slice(0, 20) + (ada.token[20] === 'a' ? 'b' : 'a') + ada.token.slice(21);
        expectFailsWith(await api.http().get('/api/tokens/current').set('Authorization', `Bearer ${forged}`), 401, INVALID_TOKEN);
        const malformed = await api.http().get('/api/tokens/current').set('Authorization', 'Bearer a b');
        expectFailsWith(malformed, 400, /^Bearer realm="patgate", error="invalid_request"/);
      });

      it('answers 401 once the token has expired (injected clock)', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        api.clock.advance(30 * DAY + 1);
        expectFailsWith(await api.http().get('/api/tokens/current').set('Authorization', ada.auth), 401, INVALID_TOKEN);
      });
    });

    describe('DELETE /api/tokens/current', () => {
      it('revokes the token itself at once: 204, then 401; other tokens keep working', async () => {
        const ada = await api.actor('ada', ['profile:read']);
        const other = `Bearer ${await api.makeToken(ada.user, ['profile:read'])}`;
        await api.http().delete('/api/tokens/current').set('Authorization', ada.auth).expect(204);
        expectFailsWith(await api.http().get('/api/user').set('Authorization', ada.auth), 401, INVALID_TOKEN);
        await api.http().get('/api/user').set('Authorization', other).expect(200);
      });

      it('answers 401 without a token', async () => {
        expectFailsWith(await api.http().delete('/api/tokens/current'), 401, NO_TOKEN);
      });
    });

    describe('POST /api/tokens/current/rotate', () => {
      it('returns a new token once, with the same scopes; the old one stops working', async () => {
        const ada = await api.actor('ada', ['profile:read', 'streams:read']);
        const res = await api.http().post('/api/tokens/current/rotate').set('Authorization', ada.auth).expect(201);
        expect(res.headers['cache-control']).to.equal('no-store');
        expect(res.body.token).to.match(/^pat_/).and.not.equal(ada.token);
        expect(res.body.scopes).to.deep.equal(['profile:read', 'streams:read']);
        expectFailsWith(await api.http().get('/api/user').set('Authorization', ada.auth), 401, INVALID_TOKEN);
        await api.http().get('/api/streams').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      });

      it('answers 401 without a token or with a revoked one, 400 for a body with fields', async () => {
        expectFailsWith(await api.http().post('/api/tokens/current/rotate'), 401, NO_TOKEN);
        const ada = await api.actor('ada', ['profile:read']);
        const withBody = await api.http().post('/api/tokens/current/rotate').set('Authorization', ada.auth).send({ scopes: ['tokens:write'] });
        expectFailsWith(withBody, 400, null, 'bad_request');
        await api.http().delete('/api/tokens/current').set('Authorization', ada.auth).expect(204);
        expectFailsWith(await api.http().post('/api/tokens/current/rotate').set('Authorization', ada.auth), 401, INVALID_TOKEN);
      });
    });

    describe('token policy', () => {
      it('never issues tokens:write, unknown scopes, lifespans over 365 days or tokens that never expire', async () => {
        const ada = await api.makeUser('ada');
        const { issuer } = api.app.locals.patgate;
        const attempts: [Parameters<typeof issuer.create>[0], string][] = [
          [{ ownerId: ada.id, name: 'x', scopes: ['tokens:write'] }, 'scope_not_grantable'],
          [{ ownerId: ada.id, name: 'x', scopes: ['streams:read', 'tokens:write'] }, 'scope_not_grantable'],
          [{ ownerId: ada.id, name: 'x', scopes: ['streams:admin'] }, 'unknown_scope'],
          [{ ownerId: ada.id, name: 'x', scopes: ['streams:read'], lifespanMs: 366 * DAY }, 'lifespan_too_long'],
          [{ ownerId: ada.id, name: 'x', scopes: ['streams:read'], lifespanMs: null }, 'lifespan_too_long'],
        ];
        for (const [input, code] of attempts) {
          const error = await issuer.create(input).then(() => null, (err: unknown) => err);
          expect(error, JSON.stringify(input)).to.be.instanceOf(TokenPolicyError).and.have.property('code', code);
        }
        expect(await issuer.list(ada.id)).to.deep.equal([]);
        // The routes that create and revoke by id need tokens:write, which no PAT holds, whatever else it carries.
        const everything = SCOPES.filter((s) => s.grantable).map((s) => s.name);
        const pat = `Bearer ${await api.makeToken(ada, everything)}`;
        const create = await api.http().post('/api/tokens').set('Authorization', pat).send({ name: 'x', scopes: ['streams:read'] });
        expectFailsWith(create, 403, missingScope('tokens:write'));
        const revoke = await api.http().delete(`/api/tokens/${pat.slice(11, 21)}`).set('Authorization', pat);
        expectFailsWith(revoke, 403, missingScope('tokens:write'));
        expectFailsWith(await api.http().post('/api/tokens').send({ name: 'x', scopes: ['streams:read'] }), 401, NO_TOKEN);
        expect(await issuer.list(ada.id)).to.have.length(1);
      });

      it('stores no plaintext secret in the database', async () => {
        const ada = await api.makeUser('ada');
        const tokens = [];
        for (let i = 0; i < 3; i += 1) tokens.push(await api.makeToken(ada, ['streams:read']));
        let stored: string;
        if (kind === 'sqlite') {
          // WAL mode: recent writes may sit in the -wal file, so read every file of the database.
          const file = api.db.url.slice('sqlite:'.length);
          const dir = path.dirname(file);
          stored = readdirSync(dir)
            .filter((name) => name.startsWith(path.basename(file)))
            .map((name) => readFileSync(path.join(dir, name)).toString('latin1'))
            .join('\n');
        } else {
          const rows = await api.db.sequelize.query<{ row: string }>('SELECT t::text AS row FROM api_tokens t', { type: QueryTypes.SELECT });
          stored = rows.map((r) => r.row).join('\n');
          expect(rows).to.have.length(3);
        }
        for (const token of tokens) {
          expect(stored).to.include(token.slice(4, 14), 'the id is stored, so the search itself works');
          expect(stored).not.to.include(secretOf(token));
          expect(stored).not.to.include(token);
        }
      });
    });
  });
}
