import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { SESSION_COOKIE } from '../../src/web/index.js';
import { deriveKey } from '../../src/web/sessions.js';
import { TEST_SECRET } from '../http/helpers.js';
import { DATABASE_KINDS, setCookie, signIn, signedIn, withWeb } from './helpers.js';

/** The session id inside a signed cookie value (`s:<sid>.<signature>`, URL-encoded). */
function cookieSid(line: string | undefined): string {
  const value = decodeURIComponent(/^[^=]+=([^;]*)/.exec(line ?? '')?.[1] ?? '');
  expect(value, 'a signed session cookie').to.match(/^s:.+\..+$/);
  return value.slice(2, value.lastIndexOf('.'));
}

for (const kind of DATABASE_KINDS) {
  describe(`web session store on ${kind}`, () => {
    const web = withWeb(kind);
    const sessionKeys = async () =>
      (await web.db.sequelize.query<{ sid: string }>('SELECT sid FROM "Sessions"', { type: QueryTypes.SELECT })).map((row) => row.sid);

    it('keys the Sessions row by an HMAC of the session id, never the id itself, and the session still works', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const res = await signIn(agent, 'ada@example.com');
      expect(res.status).to.equal(303);
      const sid = cookieSid(setCookie(res, SESSION_COOKIE));

      const keys = await sessionKeys();
      expect(keys).to.have.length(1);
      expect(keys[0]).not.to.equal(sid);
      expect(keys[0]).not.to.contain(sid);
      expect(keys[0]).to.match(/^[\w-]+$/);

      const profile = await agent.get('/profile');
      expect(profile.status).to.equal(200);
      expect(profile.text).to.contain('ada@example.com');
    });

    it('finds nothing under a raw id copied from the table (a stolen ./data gives no live session)', async () => {
      await web.makeUser('ada');
      await signedIn(web.agent(), 'ada@example.com');
      const [stored] = await sessionKeys();
      // Even with the cookie signature forged (it is derived from the same secret), the stored key is not an id.
      const signature = createHmac('sha256', deriveKey(TEST_SECRET, 'session')).update(stored ?? '').digest('base64').replace(/=+$/, '');
      const forged = `s:${stored}.${signature}`;
      const res = await web.agent().get('/profile').set('Cookie', `${SESSION_COOKIE}=${encodeURIComponent(forged)}`);
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal('/login');
    });

    it('deletes the row at sign-out', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const csrf = await signedIn(agent, 'ada@example.com');
      expect(await sessionKeys()).to.have.length(1);
      await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
      expect(await sessionKeys()).to.have.length(0);
      await agent.get('/profile').expect(303);
    });
  });
}
