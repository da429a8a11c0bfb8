import { expect } from 'chai';
import express from 'express';
import { MemoryStore } from 'express-rate-limit';
import request from 'supertest';
import { DEFAULT_SIGN_IN_LIMITS, createWeb } from '../../src/web/index.js';
import type { SignInLimits } from '../../src/web/index.js';
import { signInRateLimits } from '../../src/web/rate-limits.js';
import { TEST_SECRET } from '../http/helpers.js';
import { PASSWORD, csrfFrom, signIn, withWeb } from './helpers.js';

describe('web sign-in rate limits', function () {
  // Every attempt hashes a password with scrypt on purpose; 20+ of them take a few seconds.
  this.timeout(60_000);
  const web = withWeb('sqlite');

  it(`allows ${DEFAULT_SIGN_IN_LIMITS.perAccount} failures per account and address, then answers 429 with a clear message`, async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    for (let i = 0; i < DEFAULT_SIGN_IN_LIMITS.perAccount; i++) {
      expect((await signIn(agent, 'ada@example.com', `wrong ${i}`)).status).to.equal(401);
    }
    const limited = await signIn(agent, 'ada@example.com', PASSWORD);
    expect(limited.status).to.equal(429);
    expect(limited.text).to.contain('Too many failed sign-in attempts').and.contain('15 minutes');
    expect(limited.headers).to.have.property('ratelimit-policy');
    // Another account from the same address is still allowed.
    await web.makeUser('bob');
    expect((await signIn(agent, 'bob@example.com')).status).to.equal(303);
  });

  it('does not count successful sign-ins', async () => {
    await web.makeUser('ada');
    for (let i = 0; i < DEFAULT_SIGN_IN_LIMITS.perAccount + 1; i++) {
      expect((await signIn(web.agent(), 'ada@example.com')).status).to.equal(303);
    }
  });

  it(`allows ${DEFAULT_SIGN_IN_LIMITS.perAddress} failures per address over any accounts, then 429`, async () => {
    const agent = web.agent();
    for (let i = 0; i < DEFAULT_SIGN_IN_LIMITS.perAddress; i++) {
      expect((await signIn(agent, `user${i}@example.com`, 'wrong')).status).to.equal(401);
    }
    expect((await signIn(agent, 'someone-else@example.com', 'wrong')).status).to.equal(429);
  });
});

describe('web sign-in limit per account from any address', function () {
  this.timeout(60_000);
  const web = withWeb('sqlite');

  /** The web side alone, behind a trusted proxy so X-Forwarded-For sets the address, with lowered limits. */
  function appWith(signInLimits: SignInLimits) {
    const { sequelize, models } = web.db;
    const parts = createWeb({ sequelize, models, issuer: web.app.locals.patgate.issuer, events: web.app.locals.patgate.events, secret: TEST_SECRET, signupEnabled: true, signInLimits });
    const app = express();
    app.set('trust proxy', 1);
    app.use(parts.session, parts.router);
    return app;
  }

  async function signInFrom(app: express.Express, address: string, email: string, password: string) {
    const agent = request.agent(app);
    const page = await agent.get('/login').set('X-Forwarded-For', address).expect(200);
    return agent.post('/login').set('X-Forwarded-For', address).type('form').send({ _csrf: csrfFrom(page.text), email, password });
  }

  it('counts failures for one account over every address, then answers 429, even to the right password', async () => {
    await web.makeUser('ada');
    await web.makeUser('bob');
    const app = appWith({ perAccountAnyAddress: 3 });
    for (let i = 1; i <= 3; i++) {
      expect((await signInFrom(app, `203.0.113.${i}`, i % 2 ? 'ada@example.com' : ' ADA@Example.com', 'wrong')).status).to.equal(401);
    }
    const limited = await signInFrom(app, '198.51.100.7', 'ada@example.com', PASSWORD);
    expect(limited.status).to.equal(429);
    expect(limited.text).to.contain('Too many failed sign-in attempts');
    // Another account, from the same fresh address, is unaffected.
    expect((await signInFrom(app, '198.51.100.7', 'bob@example.com', PASSWORD)).status).to.equal(303);
  });

  it(`defaults to ${DEFAULT_SIGN_IN_LIMITS.perAccountAnyAddress} failures, above the per-account-and-address limit`, () => {
    expect(DEFAULT_SIGN_IN_LIMITS.perAccountAnyAddress).to.equal(30);
    expect(DEFAULT_SIGN_IN_LIMITS.perAccountAnyAddress).to.be.above(DEFAULT_SIGN_IN_LIMITS.perAccount);
  });

  it('takes its store from the factory, like the other sign-in limits', () => {
    const prefixes: string[] = [];
    signInRateLimits(() => undefined, {}, (prefix) => (prefixes.push(prefix), new MemoryStore()));
    expect(prefixes).to.have.members(['sign-in-per-address', 'sign-in-per-account', 'sign-in-per-account-any-address']);
  });
});
