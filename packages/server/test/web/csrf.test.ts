import { expect } from 'chai';
import { csrfFrom, signedIn, withWeb } from './helpers.js';

describe('web CSRF protection', () => {
  const web = withWeb('sqlite');
  const body = { name: 'CI', scopes: ['streams:read'], lifespan: '30d' };

  it('refuses a session POST without the CSRF header (403 csrf_failed) and creates nothing', async () => {
    const ada = await web.makeUser('ada');
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    const res = await agent.post('/api/tokens').send(body);
    expect(res.status).to.equal(403);
    expect(res.body).to.have.nested.property('error.code', 'csrf_failed');
    expect(await web.app.locals.patgate.issuer.list(ada.id)).to.have.length(0);
  });

  it('refuses a cross-site form post: it carries the session cookie but cannot read or send the CSRF token, so nothing changes', async () => {
    const ada = await web.makeUser('ada');
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    const { info } = await web.app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'kept', scopes: ['streams:read'] });
    const crossSite = { Origin: 'https://evil.example', Referer: 'https://evil.example/page' };

    // What a form on another site can send: the browser attaches the cookie, the page cannot add the token.
    const post = await agent.post('/api/tokens').set(crossSite).type('form').send(body);
    expect(post.status).to.equal(403);
    expect(post.body).to.have.nested.property('error.code', 'csrf_failed');
    const del = await agent.delete(`/api/tokens/${info.id}`).set(crossSite);
    expect(del.status).to.equal(403);
    const logout = await agent.post('/logout').set(crossSite).type('form').send({});
    expect(logout.status).to.equal(403);

    expect((await web.app.locals.patgate.issuer.list(ada.id)).map((token) => token.id)).to.deep.equal([info.id]);
    await agent.get('/profile').expect(200);
  });

  it('refuses a sign-out form posted without its CSRF field, and the session stays', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    const res = await agent.post('/logout').type('form').send({});
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Form expired');
    await agent.get('/profile').expect(200);
  });

  it('refuses a sign-up form posted without its CSRF field, and creates no account', async () => {
    const agent = web.agent();
    await agent.get('/signup').expect(200);
    const res = await agent.post('/signup').type('form').send({ name: 'Eve', email: 'eve@example.com', password: 'long enough pw' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Form expired');
    expect(await web.db.models.User.count()).to.equal(0);
  });

  it('refuses a token that does not match the cookie, and one from another session', async () => {
    await web.makeUser('ada');
    await web.makeUser('bob');
    const ada = web.agent();
    const bob = web.agent();
    const adaCsrf = await signedIn(ada, 'ada@example.com');
    const bobCsrf = await signedIn(bob, 'bob@example.com');
    expect(adaCsrf).not.to.equal(bobCsrf);
    await ada.post('/api/tokens').set('x-csrf-token', 'x'.repeat(64)).send(body).expect(403);
    await ada.post('/api/tokens').set('x-csrf-token', bobCsrf).send(body).expect(403);
    await ada.post('/api/tokens').set('x-csrf-token', adaCsrf).send(body).expect(201);
  });

  it('does not ask safe (GET) session requests for a token', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    await agent.get('/api/tokens').expect(200);
  });

  it('refuses a sign-in form posted without its CSRF field (login CSRF)', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    await agent.get('/login').expect(200);
    const res = await agent.post('/login').type('form').send({ email: 'ada@example.com', password: 'correct horse battery staple' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Form expired');
    await agent.get('/profile').expect(303);
  });

  it('does not accept the signed-out form token once signed in (tokens are bound to the session)', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    const before = csrfFrom((await agent.get('/login')).text);
    await signedIn(agent, 'ada@example.com');
    await agent.post('/api/tokens').set('x-csrf-token', before).send(body).expect(403);
  });
});
