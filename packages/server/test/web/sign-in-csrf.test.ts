import { expect } from 'chai';
import request from 'supertest';
import type { Response } from 'supertest';
import { PRE_SESSION_TTL_MS } from '../../src/web/pre-session.js';
import { PASSWORD, csrfFrom, withWeb } from './helpers.js';

/** The `name=value` pairs of every cookie a response sets, for replaying them from another client. */
function cookiePairs(res: Response): string[] {
  return ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((line) => line.split(';')[0]!);
}

describe('web sign-in CSRF bound to a pre-session', () => {
  let offset = 0;
  beforeEach(() => void (offset = 0));
  const web = withWeb('sqlite', { now: () => new Date(Date.now() + offset) });
  const form = (csrf: string) => ({ _csrf: csrf, email: 'ada@example.com', password: PASSWORD });

  it('sets a signed, HttpOnly pre-session cookie with the sign-in form, and the form works', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    const page = await agent.get('/login').expect(200);
    const pre = ((page.headers['set-cookie'] as unknown as string[]) ?? []).find((line) => line.startsWith('patgate.pre='));
    expect(pre).to.match(/HttpOnly/i).and.match(/SameSite=Strict/i).and.match(/Max-Age=3600/);
    await agent.post('/login').type('form').send(form(csrfFrom(page.text))).expect(303);
  });

  it('refuses a pair minted once when it is used from another client', async () => {
    await web.makeUser('ada');
    const minted = await request(web.app).get('/login').expect(200);
    const csrf = csrfFrom(minted.text);
    const csrfCookie = cookiePairs(minted).filter((pair) => pair.startsWith('patgate.csrf='));

    // Another client with its own pre-session, replaying the minted CSRF cookie and token.
    const own = cookiePairs(await request(web.app).get('/login').expect(200)).filter((pair) => pair.startsWith('patgate.pre='));
    const replayed = await request(web.app).post('/login').set('Cookie', [...own, ...csrfCookie].join('; ')).type('form').send(form(csrf));
    expect(replayed.status).to.equal(403);
    expect(replayed.text).to.contain('Form expired');

    // And the pair alone, the way the old constant binding let it work anywhere.
    const bare = await request(web.app).post('/login').set('Cookie', csrfCookie.join('; ')).type('form').send(form(csrf));
    expect(bare.status).to.equal(403);
  });

  it('refuses the pair once the pre-session has outlived its hour, even in the client that minted it', async () => {
    await web.makeUser('ada');
    const minted = await request(web.app).get('/login').expect(200);
    const cookies = cookiePairs(minted);
    const csrf = csrfFrom(minted.text);
    offset = PRE_SESSION_TTL_MS + 1000;
    const late = await request(web.app).post('/login').set('Cookie', cookies.join('; ')).type('form').send(form(csrf));
    expect(late.status).to.equal(403);
    offset = PRE_SESSION_TTL_MS - 60_000;
    await request(web.app).post('/login').set('Cookie', cookies.join('; ')).type('form').send(form(csrf)).expect(303);
  });

  it('refuses a forged pre-session cookie', async () => {
    await web.makeUser('ada');
    const minted = await request(web.app).get('/login').expect(200);
    const cookies = cookiePairs(minted).map((pair) => (pair.startsWith('patgate.pre=') ? pair.replace(/\.[^.]+$/, '.forged') : pair));
    await request(web.app).post('/login').set('Cookie', cookies.join('; ')).type('form').send(form(csrfFrom(minted.text))).expect(403);
  });

  it('renews the pre-session when the form is loaded late in its life, so a fresh page always has a full window', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    await agent.get('/login').expect(200);
    offset = PRE_SESSION_TTL_MS - 60_000;
    const again = await agent.get('/login').expect(200);
    expect(cookiePairs(again).some((pair) => pair.startsWith('patgate.pre='))).to.equal(true);
    offset += PRE_SESSION_TTL_MS / 2;
    await agent.post('/login').type('form').send(form(csrfFrom(again.text))).expect(303);
  });
});
