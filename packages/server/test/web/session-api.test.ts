import { expect } from 'chai';
import { signedIn, withWeb } from './helpers.js';

describe('a signed-in session on the API', () => {
  const web = withWeb('sqlite');

  it('is not a token: /api/tokens/current answers 400 to it and changes nothing', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    const csrf = await signedIn(agent, 'ada@example.com');
    for (const res of [
      await agent.get('/api/tokens/current'),
      await agent.delete('/api/tokens/current').set('x-csrf-token', csrf),
      await agent.post('/api/tokens/current/rotate').set('x-csrf-token', csrf).send({}),
    ]) {
      expect(res.status, res.text).to.equal(400);
      expect(res.body.error.code).to.equal('bad_request');
    }
    // The session still works afterwards.
    expect((await agent.get('/api/user')).status).to.equal(200);
  });

  it('may revoke its own tokens through GraphQL apiTokenRevoke, with the CSRF token', async () => {
    const ada = await web.makeUser('ada');
    const { token, info } = await web.app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'script', scopes: ['profile:read'] });
    const agent = web.agent();
    const csrf = await signedIn(agent, 'ada@example.com');
    const body = { query: 'mutation($id: String!) { apiTokenRevoke(token: $id) }', variables: { id: info.id } };

    const withoutCsrf = await agent.post('/graphql').send(body);
    expect(withoutCsrf.status).to.equal(403);
    expect(withoutCsrf.body.error.code).to.equal('csrf_failed');
    expect((await web.agent().get('/api/user').set('Authorization', `Bearer ${token}`)).status).to.equal(200);

    const res = await agent.post('/graphql').set('x-csrf-token', csrf).send(body);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.equal({ data: { apiTokenRevoke: true } });
    expect((await web.agent().get('/api/user').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
  });

  it('sees only what its scopes allow on GraphQL: no streams', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    const csrf = await signedIn(agent, 'ada@example.com');
    const res = await agent.post('/graphql').set('x-csrf-token', csrf).send({ query: '{ user { id email streams { totalCount } } }' });
    expect(res.body.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    expect(res.body.errors?.[0]?.extensions?.scope).to.equal('streams:read');
  });
});

describe('a token client without cookies', () => {
  const web = withWeb('sqlite');

  it('gets no session cookie from the API, and pages still work for it', async () => {
    const ada = await web.makeUser('ada');
    const { token } = await web.app.locals.patgate.issuer.create({ ownerId: ada.id, name: 'script', scopes: ['profile:read'] });
    const api = await web.agent().get('/api/user').set('Authorization', `Bearer ${token}`);
    expect(api.status).to.equal(200);
    expect(api.headers['set-cookie']).to.equal(undefined);
    const page = await web.agent().get('/login').set('Authorization', 'Basic dTpw');
    expect(page.status).to.equal(200);
    const post = await web.agent().post('/login').set('Authorization', 'Basic dTpw').type('form').send({ email: 'ada@example.com', password: 'x' });
    expect(post.status).to.equal(403);
  });
});
