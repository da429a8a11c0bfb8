import { expect } from 'chai';
import { TOKEN_EXPIRATION_HEADER } from '@patgate/middleware';
import { withApi } from './helpers.js';
import { signedIn, withWeb } from '../web/helpers.js';

const DAY = 86_400_000;
const HEADER = TOKEN_EXPIRATION_HEADER.toLowerCase();
const ORIGIN = 'https://ci-dashboard.example';

describe('Patgate-Token-Expiration on the API', () => {
  const api = withApi('sqlite');

  it('is on every answer to an expiring token, success or refusal by the route, as an HTTP date', async () => {
    const ada = await api.actor('ada', ['profile:read']);
    const { expiresAt } = (await api.http().get('/api/tokens/current').set('Authorization', ada.auth).expect(200)).body;
    const expected = new Date(expiresAt).toUTCString();
    for (const [path, status] of [['/api/user', 200], ['/api/streams', 403], ['/api/nowhere', 404]] as const) {
      const res = await api.http().get(path).set('Authorization', ada.auth).expect(status);
      expect(res.headers[HEADER], path).to.equal(expected);
      expect(Date.parse(res.headers[HEADER]!), path).to.be.closeTo(api.clock.now().getTime() + 30 * DAY, 5000);
    }
    const graphql = await api.http().post('/graphql').set('Authorization', ada.auth).send({ query: '{ activeUser { id } }' });
    expect(graphql.headers[HEADER]).to.equal(expected);
  });

  it('is absent when no token authenticated the request', async () => {
    const refused = await api.http().get('/api/user').set('Authorization', 'Bearer pat_nope').expect(401);
    expect(refused.headers).not.to.have.property(HEADER);
  });

  it('a browser on another origin passes the preflight and may read it', async () => {
    const ada = await api.actor('ada', ['profile:read']);
    const preflight = await api
      .http()
      .options('/api/user')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).to.equal('*');
    expect(preflight.headers['access-control-allow-headers']!.toLowerCase()).to.include('authorization');
    expect(preflight.headers).not.to.have.property('access-control-allow-credentials');
    const res = await api.http().get('/api/user').set('Origin', ORIGIN).set('Authorization', ada.auth).expect(200);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    const exposed = res.headers['access-control-expose-headers']!.split(',').map((name: string) => name.trim().toLowerCase());
    expect(exposed).to.include(HEADER);
    expect(exposed.filter((name: string) => name === HEADER)).to.have.length(1);
    expect(res.headers[HEADER]).to.be.a('string');
  });
});

describe('Patgate-Token-Expiration and the signed-in session', () => {
  const web = withWeb('sqlite');

  it('is absent: a session has no expiry to announce', async () => {
    await web.makeUser('ada');
    const agent = web.agent();
    await signedIn(agent, 'ada@example.com');
    const res = await agent.get('/api/user').expect(200);
    expect(res.headers).not.to.have.property(HEADER);
  });
});
