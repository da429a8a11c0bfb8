import { expect } from 'chai';
import { DATABASE_KINDS, PASSWORD, csrfFrom, signIn, signedIn, withWeb } from './helpers.js';

for (const kind of DATABASE_KINDS) {
  describe(`web sign-in and sign-out on ${kind}`, () => {
    const web = withWeb(kind);

    it('shows the sign-in form with labelled fields and a CSRF field', async () => {
      const res = await web.agent().get('/login').expect(200).expect('Content-Type', /html/);
      expect(res.text).to.contain('<label for="email">Email</label>').and.contain('<label for="password">Password</label>');
      expect(csrfFrom(res.text)).to.be.a('string').with.length.above(20);
      expect(res.headers['cache-control']).to.equal('no-store');
    });

    it('signs in with the right password and shows the profile', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      await signedIn(agent, 'ADA@example.com');
      const profile = await agent.get('/profile').expect(200);
      expect(profile.text).to.contain('ada@example.com').and.contain('Your Apps').and.contain('Personal Access Tokens');
    });

    it('refuses a wrong password with 401 and "Wrong email or password", keeping the email', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const res = await signIn(agent, 'ada@example.com', 'not the password');
      expect(res.status).to.equal(401);
      expect(res.text).to.contain('Wrong email or password').and.contain('value="ada@example.com"');
      await agent.get('/profile').expect(303).expect('Location', '/login');
    });

    it('answers an unknown email exactly like a wrong password', async () => {
      const res = await signIn(web.agent(), 'nobody@example.com', PASSWORD);
      expect(res.status).to.equal(401);
      expect(res.text).to.contain('Wrong email or password');
    });

    it('sends / to the sign-in page, or to the profile once signed in', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      await agent.get('/').expect(303).expect('Location', '/login');
      await signedIn(agent, 'ada@example.com');
      await agent.get('/').expect(303).expect('Location', '/profile');
      await agent.get('/login').expect(303).expect('Location', '/profile');
    });

    it('signs out with a CSRF-protected POST and forgets the session in the database', async () => {
      await web.makeUser('ada');
      const agent = web.agent();
      const csrf = await signedIn(agent, 'ada@example.com');
      expect(await web.db.models.sequelize.query('SELECT sid FROM "Sessions"').then(([rows]) => rows.length)).to.equal(1);
      await agent.post('/logout').type('form').send({}).expect(403);
      await agent.get('/profile').expect(200);
      await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303).expect('Location', '/login');
      await agent.get('/profile').expect(303).expect('Location', '/login');
      await agent.get('/api/tokens').expect(401);
      expect(await web.db.models.sequelize.query('SELECT sid FROM "Sessions"').then(([rows]) => rows.length)).to.equal(0);
    });
  });
}
