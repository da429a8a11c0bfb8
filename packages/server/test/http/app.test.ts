import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { openDatabase } from '../../src/db/connection.js';
import { createApp } from '../../src/app.js';
import { DATABASE_KINDS, NO_TOKEN, TEST_SECRET, expectFailsWith, withApi } from './helpers.js';

/** Headers helmet sets; a response without them missed the middleware. */
function expectHelmet(headers: Record<string, string>): void {
  expect(headers['x-content-type-options']).to.equal('nosniff');
  expect(headers['content-security-policy']).to.include("default-src 'self'");
  expect(headers['strict-transport-security']).to.match(/max-age=\d+/);
  expect(headers['x-frame-options']).to.equal('SAMEORIGIN');
  expect(headers).not.to.have.property('x-powered-by');
}

describe('createApp options', () => {
  it('fails fast, naming the option, when sequelize or secret is missing', () => {
    expect(() => createApp({} as never)).to.throw(TypeError, /`sequelize` is required/);
    const sequelize = openDatabase({ url: 'sqlite::memory:' });
    expect(() => createApp({ sequelize, secret: '' })).to.throw(TypeError, /`secret` is required/);
    return sequelize.close();
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`app-wide behaviour on ${kind}`, function () {
    const api = withApi(kind);

    it('sets helmet headers on success, error and not-found answers', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      expectHelmet((await api.http().get('/api/user').set('Authorization', ada.auth).expect(200)).headers);
      expectHelmet((await api.http().get('/api/user')).headers);
      expectHelmet((await api.http().get('/nowhere')).headers);
    });

    it('answers unknown paths with a JSON 404, and /api paths only after authentication', async () => {
      expectFailsWith(await api.http().get('/nowhere'), 404, null, 'not_found');
      expectFailsWith(await api.http().get('/api/nowhere'), 401, NO_TOKEN);
      const ada = await api.actor('ada', ['profile:read']);
      expectFailsWith(await api.http().get('/api/nowhere').set('Authorization', ada.auth), 404, null, 'not_found');
    });

    it('answers malformed JSON with 400 invalid_json', async () => {
      const ada = await api.actor('ada', ['streams:write']);
      for (const text of ['{"name": ', '{name: 1}', '"a string"', 'null']) {
        const res = await api.http().post('/api/streams').set('Authorization', ada.auth).type('json').send(text);
        expectFailsWith(res, 400, null, 'invalid_json');
      }
    });

    it('answers bodies over 100 kB with 413 payload_too_large', async () => {
      const ada = await api.actor('ada', ['streams:write']);
      const big = { name: 'x', description: 'y'.repeat(101 * 1024) };
      const res = await api.http().post('/api/streams').set('Authorization', ada.auth).send(big);
      expectFailsWith(res, 413, null, 'payload_too_large');
    });

    it('logs every request without tokens, cookies or passwords', async () => {
      const ada = await api.actor('ada', ['streams:write', 'streams:read']);
      await api.http().get('/api/streams').set('Authorization', ada.auth).set('Cookie', 'connect.sid=cookie-secret-value').expect(200);
      await api.http().post('/api/streams').set('Authorization', ada.auth).send({ name: 'x', password: 'hunter2-password' }).expect(400);
      await api.http().get(`/api/streams?access_token=${ada.token}`).expect(401);
      await api.http().get('/api/user').set('Authorization', `bearer ${ada.token}`).expect(403);

      const text = api.logs.join('');
      const lines = api.logs.map((line) => JSON.parse(line) as { req?: { url: string }; res?: { statusCode: number } });
      expect(lines.filter((l) => l.res).map((l) => l.res!.statusCode)).to.deep.equal([200, 400, 401, 403]);
      expect(lines.some((l) => l.req?.url === '/api/streams?access_token=%5BRedacted%5D')).to.equal(true);
      for (const secret of [ada.token, ada.token.slice(14, 46), 'cookie-secret-value', 'hunter2-password']) {
        expect(text).not.to.include(secret);
      }
    });

    it('answers unexpected failures with a generic 500 and logs them', async () => {
      const ada = await api.actor('ada', ['streams:read']);
      const stream = await api.makeStream(ada.user);
      await api.db.sequelize.getQueryInterface().dropTable('commits');
      try {
        const res = await api.http().get(`/api/streams/${stream.id}/commits`).set('Authorization', ada.auth);
        expectFailsWith(res, 500, null, 'internal_error');
        expect(res.body.error.message).to.equal('Something went wrong on our side');
        expect(res.text).not.to.match(/commits|SQL|at .*\.ts/i);
        expect(api.logs.join('')).to.include('unhandled error');
      } finally {
        // Later tests truncate every table, so give this one back (the schema is deleted at the end anyway).
        await api.db.sequelize.getQueryInterface().createTable('commits', { id: { type: 'VARCHAR(36)', primaryKey: true } });
      }
    });
  });
}

describe('request logger with a plain pino logger', () => {
  it('serializes only method, url and status', async () => {
    const lines: string[] = [];
    const sequelize = openDatabase({ url: 'sqlite::memory:' });
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = createApp({ sequelize, secret: TEST_SECRET, logger });
    await request(app).get('/nowhere').set('Authorization', 'Bearer pat_abc').set('X-Api-Key', 'k-123').expect(404);
    const entry = JSON.parse(lines[0]!) as { req: object; res: object };
    expect(entry.req).to.have.all.keys('id', 'method', 'url');
    expect(entry.res).to.have.all.keys('statusCode');
    expect(lines.join('')).not.to.match(/pat_abc|k-123/);
    await sequelize.close();
  });
});
