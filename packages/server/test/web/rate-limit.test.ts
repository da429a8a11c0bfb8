import { expect } from 'chai';
import { DEFAULT_SIGN_IN_LIMITS } from '../../src/web/index.js';
import { PASSWORD, signIn, withWeb } from './helpers.js';

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
