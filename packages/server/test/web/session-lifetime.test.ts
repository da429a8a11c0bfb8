import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_MAX_AGE_MS } from '../../src/web/index.js';
import { DATABASE_KINDS, signedIn, withWeb } from './helpers.js';

const HOUR = 3_600_000;

for (const kind of DATABASE_KINDS) {
  describe(`web session lifetime on ${kind}`, () => {
    let offset = 0;
    const advance = (ms: number) => void (offset += ms);
    beforeEach(() => void (offset = 0));
    const web = withWeb(kind, { now: () => new Date(Date.now() + offset) });
    const rows = async () => (await web.db.sequelize.query('SELECT sid FROM "Sessions"', { type: QueryTypes.SELECT })).length;

    it('keeps a session that is used within both lifetimes', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      await signedIn(agent, 'ada@example.com');
      for (let i = 0; i < 3; i++) {
        advance(DEFAULT_SESSION_IDLE_MS - HOUR);
        await agent.get('/profile').expect(200);
      }
    });

    it('refuses a session idle for longer than 24 hours on load, and deletes its row there and then', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      await signedIn(agent, 'ada@example.com');
      advance(DEFAULT_SESSION_IDLE_MS - 60_000);
      await agent.get('/profile').expect(200);
      advance(DEFAULT_SESSION_IDLE_MS + 60_000);
      expect(await rows()).to.equal(1);
      const res = await agent.get('/profile');
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal('/login');
      expect(await rows(), 'destroyed on load, not left for the sweep').to.equal(0);
      const api = await agent.get('/api/user');
      expect(api.status).to.equal(401);
    });

    it('refuses a session 7 days after sign-in however active it was', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      await signedIn(agent, 'ada@example.com');
      // A request every 12 hours: never idle, and a rolling expiry would keep it alive forever.
      let elapsed = 0;
      while (elapsed + 12 * HOUR < DEFAULT_SESSION_MAX_AGE_MS) {
        advance(12 * HOUR);
        elapsed += 12 * HOUR;
        await agent.get('/profile').expect(200);
      }
      advance(DEFAULT_SESSION_MAX_AGE_MS - elapsed);
      const res = await agent.get('/profile');
      expect(res.status).to.equal(303);
      expect(await rows()).to.equal(0);
    });

    it('refuses a stored signed-in row that has no sign-in time (written before lifetimes were checked)', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      await signedIn(agent, 'ada@example.com');
      const [row] = await web.db.sequelize.query<{ sid: string; data: string }>('SELECT sid, data FROM "Sessions"', { type: QueryTypes.SELECT });
      const data = JSON.parse(row!.data) as Record<string, unknown>;
      delete data.signedInAt;
      delete data.lastSeenAt;
      await web.db.sequelize.query('UPDATE "Sessions" SET data = ? WHERE sid = ?', { replacements: [JSON.stringify(data), row!.sid] });
      await agent.get('/profile').expect(303);
      expect(await rows()).to.equal(0);
    });
  });

  describe(`web session lifetime settings on ${kind}`, () => {
    const web = withWeb(kind, { sessionLifetime: { maxAgeMs: 2 * HOUR, idleMs: HOUR } });

    it('writes the moment the session dies into the row, for the sweep', async () => {
      await web.makeUser('ada');
      await signedIn(web.agent(), 'ada@example.com');
      const [row] = await web.db.sequelize.query<{ expires: string | Date }>('SELECT expires FROM "Sessions"', { type: QueryTypes.SELECT });
      const left = new Date(row!.expires).getTime() - Date.now();
      expect(left).to.be.above(HOUR - 60_000).and.at.most(HOUR + 1000);
    });
  });
}
