import { expect } from 'chai';
import request from 'supertest';
import { SESSION_COOKIE } from '../../src/web/index.js';
import { csrfFrom, setCookie, signIn, withWeb } from './helpers.js';

describe('web session cookie', () => {
  describe('over plain HTTP', () => {
    const web = withWeb('sqlite');

    it('is HttpOnly, SameSite=Lax, path /, not Secure, and set only once someone signs in', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const page = await agent.get('/login').expect(200);
      expect(setCookie(page, SESSION_COOKIE), 'no session before sign-in').to.equal(undefined);
      const res = await signIn(agent, 'ada@example.com');
      const cookie = setCookie(res, SESSION_COOKIE);
      expect(cookie).to.match(/; HttpOnly/).and.match(/; SameSite=Lax/).and.match(/; Path=\//).and.match(/; Expires=/);
      expect(cookie).not.to.match(/; Secure/);
    });

    it('gets a new session id at sign-in, so a planted id is worthless', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const first = setCookie(await signIn(agent, 'ada@example.com'), SESSION_COOKIE);
      // Signing in again over an existing session must not keep its id either.
      const csrf = csrfFrom((await agent.get('/profile').expect(200)).text);
      const again = await agent.post('/login').type('form').send({ _csrf: csrf, email: 'ada@example.com', password: 'correct horse battery staple' });
      expect(again.status).to.equal(303);
      const second = setCookie(again, SESSION_COOKIE);
      expect(second).to.be.a('string');
      expect(first?.split(';')[0]).not.to.equal(second?.split(';')[0]);
    });

    it('ignores X-Forwarded-Proto when trust proxy is off', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const page = await agent.get('/login').set('X-Forwarded-Proto', 'https');
      const res = await agent
        .post('/login')
        .set('X-Forwarded-Proto', 'https')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: 'ada@example.com', password: 'correct horse battery staple' });
      expect(res.status).to.equal(303);
      expect(setCookie(res, SESSION_COOKIE)).not.to.match(/; Secure/);
    });
  });

  describe('behind a TLS-terminating proxy with trust proxy on', () => {
    const web = withWeb('sqlite', { trustProxy: 'loopback' });

    it('is Secure, and the CSRF cookie is __Host- prefixed', async () => {
      await web.makeUser('ada');
      // supertest's cookie jar will not send Secure cookies over HTTP, so carry them by hand.
      const page = await request(web.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      const csrfCookie = setCookie(page, '__Host-patgate.csrf');
      expect(csrfCookie).to.match(/; Secure/).and.match(/; HttpOnly/).and.match(/; SameSite=Strict/);
      const preSession = setCookie(page, '__Host-patgate.pre');
      expect(preSession).to.match(/; Secure/).and.match(/; HttpOnly/);
      const res = await request(web.app)
        .post('/login')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', `${csrfCookie!.split(';')[0]!}; ${preSession!.split(';')[0]!}`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: 'ada@example.com', password: 'correct horse battery staple' });
      expect(res.status, res.text.slice(0, 200)).to.equal(303);
      expect(setCookie(res, SESSION_COOKIE)).to.match(/; Secure/).and.match(/; HttpOnly/).and.match(/; SameSite=Lax/);
    });
  });
});
