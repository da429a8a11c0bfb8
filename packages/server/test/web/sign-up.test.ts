import { expect } from 'chai';
import { DATABASE_KINDS, csrfFrom, withWeb } from './helpers.js';

describe('web sign-up', () => {
  describe('switched on (the default)', () => {
    const web = withWeb('sqlite');

    async function signUp(fields: Record<string, string>) {
      const agent = web.agent();
      const page = await agent.get('/signup').expect(200);
      const res = await agent.post('/signup').type('form').send({ _csrf: csrfFrom(page.text), ...fields });
      return { agent, res };
    }

    it('is linked from the sign-in page, creates the account and signs it in', async () => {
      expect((await web.agent().get('/login')).text).to.contain('href="/signup"');
      const { agent, res } = await signUp({ name: 'Ada', email: 'ada@example.com', password: 'long enough pw' });
      expect(res.status).to.equal(303);
      expect((await agent.get('/profile').expect(200)).text).to.contain('ada@example.com');
    });

    it('refuses a taken email (409) and a short password (400) with a message', async () => {
      await web.makeUser('ada');
      const taken = await signUp({ name: 'Ada', email: 'ADA@example.com', password: 'long enough pw' });
      expect(taken.res.status).to.equal(409);
      expect(taken.res.text).to.contain('already exists');
      const short = await signUp({ name: 'Bob', email: 'bob@example.com', password: 'short' });
      expect(short.res.status).to.equal(400);
      expect(short.res.text).to.contain('at least 8 characters');
    });
  });

  for (const kind of DATABASE_KINDS) {
    describe(`input longer than its column, on ${kind}`, () => {
      const web = withWeb(kind);

      async function signUp(fields: Record<string, string>) {
        const agent = web.agent();
        const page = await agent.get('/signup').expect(200);
        return agent.post('/signup').type('form').send({ _csrf: csrfFrom(page.text), password: 'long enough pw', ...fields });
      }

      it('answers a 300-character name with 400 and a message naming the field, never 500', async () => {
        const res = await signUp({ name: 'n'.repeat(300), email: 'ada@example.com' });
        expect(res.status).to.equal(400);
        expect(res.text).to.contain('The name must be at most 255 characters');
        expect(res.text).to.contain('value="ada@example.com"');
        expect(await web.db.models.User.count()).to.equal(0);
      });

      it('answers a 335-character email and a malformed one with 400 and a message, never 500', async () => {
        const long = await signUp({ name: 'Ada', email: `${'a'.repeat(323)}@example.com` });
        expect(long.status).to.equal(400);
        expect(long.text).to.contain('The email address must be at most 320 characters');
        const malformed = await signUp({ name: 'Ada', email: 'ada at example.com' });
        expect(malformed.status).to.equal(400);
        expect(malformed.text).to.contain('A valid email address is required');
        expect(await web.db.models.User.count()).to.equal(0);
      });
    });
  }

  describe('switched off', () => {
    const web = withWeb('sqlite', { signupEnabled: false });

    it('answers 404 to the page and the form post, and the sign-in page does not link to it', async () => {
      await web.agent().get('/signup').expect(404);
      const agent = web.agent();
      const page = await agent.get('/login').expect(200);
      expect(page.text).not.to.contain('/signup');
      await agent.post('/signup').type('form').send({ _csrf: csrfFrom(page.text), name: 'Eve', email: 'eve@example.com', password: 'long enough pw' }).expect(404);
      expect(await web.db.models.User.count()).to.equal(0);
    });
  });
});
