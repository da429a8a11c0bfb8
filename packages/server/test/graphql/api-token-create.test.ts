import { expect } from 'chai';
import type { TokenEvent } from '@patgate/middleware';
import type request from 'supertest';
import { SCOPES } from '../../src/scopes.js';
import { CSRF_HEADER } from '../../src/web/index.js';
import { csrfFrom, signIn } from '../web/helpers.js';
import { DATABASE_KINDS, expectGraphQLError, gql, withApi } from './helpers.js';
import type { GraphQLBody } from './helpers.js';

const DAY_MS = 86_400_000;
const GRANTABLE = SCOPES.filter((s) => s.grantable).map((s) => s.name);

// specklepy's ServerResource.create_token() sends this operation, with `lifespan` in milliseconds.
const CREATE = 'mutation TokenCreate($token: ApiTokenCreateInput!) { apiTokenCreate(token: $token) }';
const LIST = '{ activeUser { apiTokens { id name lastChars scopes createdAt lifespan lastUsed } } }';

interface ListedToken {
  id: string;
  name: string;
  lastChars: string;
  scopes: string[];
  createdAt: string;
  lifespan: number | null;
  lastUsed: string;
}

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL apiTokenCreate and apiTokens { lifespan lastUsed } on ${kind}`, () => {
    const events: TokenEvent[] = [];
    const api = withApi(kind, { onTokenEvent: (event) => void events.push(event) });

    /** A browser signed in on the profile page: its cookie jar and the page's CSRF token. */
    async function session(name: string): Promise<{ agent: request.Agent; csrf: string }> {
      await api.makeUser(name, { password: 'correct horse battery staple' });
      const agent = api.http();
      expect((await signIn(agent, `${name}@example.com`)).status).to.equal(303);
      return { agent, csrf: csrfFrom((await agent.get('/profile').expect(200)).text) };
    }

    function post(agent: request.Agent, csrf: string, query: string, variables?: Record<string, unknown>) {
      return agent.post('/graphql').set(CSRF_HEADER, csrf).send(variables ? { query, variables } : { query });
    }

    it('mints a token for the signed-in session with the lifespan in milliseconds, never cached', async () => {
      const { agent, csrf } = await session('ada');
      events.length = 0;
      const res = await post(agent, csrf, CREATE, { token: { name: 'rhino', scopes: ['streams:read', 'profile:read'], lifespan: 7 * DAY_MS } }).set(
        'User-Agent',
        'profile-page/1',
      );
      expect(res.status, res.text).to.equal(200);
      expect((res.body as GraphQLBody).errors).to.equal(undefined);
      const token = res.body.data.apiTokenCreate as string;
      expect(token).to.match(/^pat_[0-9A-Za-z]{48}$/);
      expect(res.headers['cache-control']).to.equal('no-store');
      await new Promise((resolve) => setImmediate(resolve));
      expect(events.map((e) => [e.type, e.actor, e.userAgent])).to.deep.equal([['created', 'owner', 'profile-page/1']]);

      const current = await api.http().get('/api/tokens/current').set('Authorization', `Bearer ${token}`).expect(200);
      expect(current.body).to.include({ name: 'rhino' });
      expect(current.body.scopes).to.deep.equal(['streams:read', 'profile:read']);
      expect(Date.parse(current.body.expiresAt) - Date.parse(current.body.createdAt)).to.equal(7 * DAY_MS);

      // The BigInt scalar takes the lifespan as a string of digits too; without one the default is 30 days.
      const asString = await post(agent, csrf, CREATE, { token: { name: 'string', scopes: ['profile:read'], lifespan: String(2 * DAY_MS) } });
      expect(asString.body.errors, asString.text).to.equal(undefined);
      const listed = (await post(agent, csrf, LIST)).body.data.activeUser.apiTokens as ListedToken[];
      expect(Object.fromEntries(listed.map((t) => [t.name, t.lifespan]))).to.deep.equal({ rhino: 7 * DAY_MS, string: 2 * DAY_MS });
      const untimed = await post(agent, csrf, CREATE, { token: { name: 'default', scopes: ['profile:read'] } });
      expect(untimed.body.errors, untimed.text).to.equal(undefined);
      const all = (await post(agent, csrf, LIST)).body.data.activeUser.apiTokens as ListedToken[];
      expect(all.find((t) => t.name === 'default')?.lifespan).to.equal(30 * DAY_MS);
    });

    it('refuses a lifespan over 365 days, zero, negative or fractional, and unknown or ungrantable scopes', async () => {
      const { agent, csrf } = await session('ada');
      const bad: Record<string, unknown>[] = [
        { name: 'long', scopes: ['profile:read'], lifespan: 366 * DAY_MS },
        { name: 'zero', scopes: ['profile:read'], lifespan: 0 },
        { name: 'negative', scopes: ['profile:read'], lifespan: -1 },
        { name: 'huge', scopes: ['profile:read'], lifespan: '99999999999999999999999' },
        { name: 'typo', scopes: ['stream:read'] },
        { name: 'minter', scopes: ['tokens:write'] },
        { name: '', scopes: ['profile:read'] },
        { name: 'extra', scopes: ['profile:read'], owner: 'someone' },
      ];
      for (const token of bad) {
        const res = await post(agent, csrf, CREATE, { token });
        expect(res.body.data ?? null, `${JSON.stringify(token)}: ${res.text}`).to.equal(null);
        expect(res.body.errors, JSON.stringify(token)).to.have.length(1);
      }
      // The issuer's policy (scopes, lifespan) answers BAD_USER_INPUT with its reason, as POST /api/tokens does 400.
      const typo = await post(agent, csrf, CREATE, { token: { name: 'typo', scopes: ['stream:read'] } });
      expect(typo.body.errors[0].extensions.code).to.equal('BAD_USER_INPUT');
      expect(typo.body.errors[0].message).to.include('stream:read');
      const long = await post(agent, csrf, CREATE, { token: { name: 'long', scopes: ['profile:read'], lifespan: 366 * DAY_MS } });
      expect(long.body.errors[0].extensions.code).to.equal('BAD_USER_INPUT');
      const fractional = await post(agent, csrf, CREATE, { token: { name: 'f', scopes: ['profile:read'], lifespan: 1.5 } });
      expect(fractional.body.errors, fractional.text).to.have.length(1);
      const owned = (await post(agent, csrf, LIST)).body.data.activeUser.apiTokens as ListedToken[];
      expect(owned, 'nothing was created').to.deep.equal([]);
    });

    it('is refused for every personal access token, whatever its scopes, and creates nothing', async () => {
      const ada = await api.actor('ada', GRANTABLE);
      for (const scopes of [GRANTABLE, ['tokens:read'], ['profile:read']]) {
        const token = await api.makeToken(ada.user, scopes);
        const res = await gql(api, `Bearer ${token}`, CREATE, { token: { name: 'minted', scopes: ['profile:read'], lifespan: DAY_MS } });
        expectGraphQLError(res, 'FORBIDDEN', 'tokens:write');
        expect(res.body.data).to.equal(null);
      }
      const names = (await api.app.locals.patgate.issuer.list(ada.user.id)).map((t) => t.name);
      expect(names).to.not.include('minted');
    });

    it('needs the CSRF token from a session, like every other unsafe request of the page', async () => {
      const { agent } = await session('ada');
      const res = await agent.post('/graphql').send({ query: CREATE, variables: { token: { name: 'x', scopes: ['profile:read'] } } });
      expect(res.status).to.equal(403);
    });

    it('apiTokens reports lifespan and lastUsed: createdAt until first use, then the time of use', async () => {
      const ada = await api.actor('ada', ['tokens:read', 'profile:read']);
      const list = async () => ((await gql(api, ada.auth, LIST)).body.data.activeUser.apiTokens as ListedToken[])[0]!;
      const before = await list();
      expect(before.lifespan).to.equal(30 * DAY_MS);
      expect(Date.parse(before.lastUsed)).to.be.a('number');

      // The token is used by the list request itself; its last-used time is written off the request path.
      const stored = async () => (await api.app.locals.patgate.issuer.list(ada.user.id))[0]!;
      for (let i = 0; i < 200 && (await stored()).lastUsedAt === null; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      const used = await stored();
      expect(used.lastUsedAt).to.be.instanceOf(Date);
      const after = await list();
      expect(after.lastUsed).to.equal(used.lastUsedAt!.toISOString());

      const fresh = await api.makeToken(ada.user, ['profile:read'], DAY_MS);
      const untouched = ((await gql(api, ada.auth, LIST)).body.data.activeUser.apiTokens as ListedToken[]).find((t) => fresh.endsWith(t.lastChars))!;
      expect(untouched.lastUsed, 'never used: createdAt, as Speckle fills it').to.equal(untouched.createdAt);
      expect(untouched.lifespan).to.equal(DAY_MS);
    });
  });
}
