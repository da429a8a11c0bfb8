/**
 * The authorization matrix, generated from the route table (the REST router's own stack) and the GraphQL
 * schema (every field that declares a scope): each route and field, with every scope that is not enough and
 * every stream role that is not enough, is refused. A route or field that is not listed below fails the
 * completeness tests, so nothing new ships without its row. The cells are counted as they run.
 */
import { buildSchema } from 'graphql';
import { expect } from 'chai';
import { fieldScopes, SCOPE_DIRECTIVES } from '../../src/graphql/field-scopes.js';
import { TYPE_DEFS } from '../../src/graphql/type-defs.js';
import { apiRouter } from '../../src/http/routes/index.js';
import { SCOPES } from '../../src/scopes.js';
import { grantPermission } from '../../src/services/stream-collaborators.js';
import type { UserRecord } from '../../src/services/users.js';
import { withApi, type ApiHarness } from './helpers.js';

const GRANTABLE = SCOPES.filter((s) => s.grantable).map((s) => s.name);

/** Who may call it: a scope (`null`: any valid token), and the weakest stream role that is enough. */
interface Need {
  scope: string | null;
  role?: 'owner' | 'contributor' | 'member' | 'member-or-public';
}

/** The people and things every cell runs against: a private stream with one of each role. */
interface Fixture {
  owner: UserRecord;
  contributor: UserRecord;
  reviewer: UserRecord;
  stranger: UserRecord;
  streamId: string;
  ownerTokenId: string;
  auth(user: UserRecord, scopes: readonly string[]): Promise<string>;
}

interface RestRow extends Need {
  path: (f: Fixture) => string;
  body?: (f: Fixture) => object;
}

const REST: Record<string, RestRow> = {
  'GET /user': { scope: 'profile:read', path: () => '/api/user' },
  'GET /users/:id': { scope: 'users:read', path: (f) => `/api/users/${f.owner.id}` },
  'GET /streams': { scope: 'streams:read', path: () => '/api/streams' },
  'POST /streams': { scope: 'streams:write', path: () => '/api/streams', body: () => ({ name: 'new' }) },
  'GET /streams/:id': { scope: 'streams:read', role: 'member-or-public', path: (f) => `/api/streams/${f.streamId}` },
  'PATCH /streams/:id': { scope: 'streams:write', role: 'owner', path: (f) => `/api/streams/${f.streamId}`, body: () => ({ name: 'changed' }) },
  'DELETE /streams/:id': { scope: 'streams:write', role: 'owner', path: (f) => `/api/streams/${f.streamId}` },
  'GET /streams/:id/collaborators': { scope: 'streams:read', role: 'member', path: (f) => `/api/streams/${f.streamId}/collaborators` },
  'PUT /streams/:id/collaborators/:userId': {
    scope: 'streams:write',
    role: 'owner',
    path: (f) => `/api/streams/${f.streamId}/collaborators/${f.stranger.id}`,
    body: () => ({ role: 'stream:owner' }),
  },
  'DELETE /streams/:id/collaborators/:userId': {
    scope: 'streams:write',
    role: 'owner',
    path: (f) => `/api/streams/${f.streamId}/collaborators/${f.contributor.id}`,
  },
  'GET /streams/:id/commits': { scope: 'streams:read', role: 'member-or-public', path: (f) => `/api/streams/${f.streamId}/commits` },
  'POST /streams/:id/commits': { scope: 'streams:write', role: 'contributor', path: (f) => `/api/streams/${f.streamId}/commits`, body: () => ({ message: 'm' }) },
  'GET /tokens': { scope: 'tokens:read', path: () => '/api/tokens' },
  'GET /tokens/current': { scope: null, path: () => '/api/tokens/current' },
  'DELETE /tokens/current': { scope: null, path: () => '/api/tokens/current' },
  'POST /tokens/current/rotate': { scope: null, path: () => '/api/tokens/current/rotate' },
  'POST /tokens': { scope: 'tokens:write', path: () => '/api/tokens', body: () => ({ name: 'x', scopes: ['streams:read'], lifespan: '30d' }) },
  'DELETE /tokens/:id': { scope: 'tokens:write', path: (f) => `/api/tokens/${f.ownerTokenId}` },
  'GET /tokens/:id/events': { scope: 'tokens:read', path: (f) => `/api/tokens/${f.ownerTokenId}/events` },
};

interface GraphqlRow {
  role?: Need['role'];
  /** Scopes needed to reach the field's parent (a nested field). */
  reach?: readonly string[];
  query: string;
  variables?: (f: Fixture) => Record<string, unknown>;
}

const streamVar = (f: Fixture) => ({ id: f.streamId });
const GRAPHQL: Record<string, GraphqlRow> = {
  'Query.user': { query: '{ user { id } }' },
  'Query.activeUser': { query: '{ activeUser { id } }' },
  'Query.otherUser': { query: 'query($id: String!) { otherUser(id: $id) { id } }', variables: (f) => ({ id: f.owner.id }) },
  'Query.stream': { role: 'member-or-public', query: 'query($id: String!) { stream(id: $id) { id } }', variables: streamVar },
  'Query.streams': { query: '{ streams { totalCount } }' },
  'Mutation.streamCreate': { query: 'mutation { streamCreate(stream: { name: "new" }) }' },
  'Mutation.streamUpdate': { role: 'owner', query: 'mutation($id: String!) { streamUpdate(stream: { id: $id, name: "changed" }) }', variables: streamVar },
  'Mutation.streamDelete': { role: 'owner', query: 'mutation($id: String!) { streamDelete(id: $id) }', variables: streamVar },
  'Mutation.streamGrantPermission': {
    role: 'owner',
    query: 'mutation($s: String!, $u: String!) { streamGrantPermission(permissionParams: { streamId: $s, userId: $u, role: "stream:owner" }) }',
    variables: (f) => ({ s: f.streamId, u: f.stranger.id }),
  },
  'Mutation.streamUpdatePermission': {
    role: 'owner',
    query: 'mutation($s: String!, $u: String!) { streamUpdatePermission(permissionParams: { streamId: $s, userId: $u, role: "stream:owner" }) }',
    variables: (f) => ({ s: f.streamId, u: f.contributor.id }),
  },
  'Mutation.streamLeave': { role: 'member', query: 'mutation($s: String!) { streamLeave(streamId: $s) }', variables: (f) => ({ s: f.streamId }) },
  'Mutation.streamRevokePermission': {
    role: 'owner',
    query: 'mutation($s: String!, $u: String!) { streamRevokePermission(permissionParams: { streamId: $s, userId: $u }) }',
    variables: (f) => ({ s: f.streamId, u: f.contributor.id }),
  },
  'Mutation.commitCreate': { role: 'contributor', query: 'mutation($s: String!) { commitCreate(commit: { streamId: $s, message: "m" }) }', variables: (f) => ({ s: f.streamId }) },
  'Mutation.apiTokenCreate': { query: 'mutation { apiTokenCreate(token: { name: "x", scopes: ["streams:read"] }) }' },
  'Mutation.apiTokenRevoke': { query: 'mutation($t: String!) { apiTokenRevoke(token: $t) }', variables: (f) => ({ t: f.ownerTokenId }) },
  'User.streams': { reach: ['profile:read'], query: '{ user { streams { totalCount } } }' },
  'User.apiTokens': { reach: ['profile:read'], query: '{ user { apiTokens { id } } }' },
  'Stream.collaborators': { role: 'member', reach: ['streams:read'], query: 'query($id: String!) { stream(id: $id) { collaborators { id } } }', variables: streamVar },
  'Stream.commits': { role: 'member-or-public', reach: ['streams:read'], query: 'query($id: String!) { stream(id: $id) { commits { totalCount } } }', variables: streamVar },
};

/** `METHOD /path` of every route the REST router has, read from its stack. */
function routeTable(): string[] {
  const router = apiRouter({ models: {} as never, issuer: {} as never, events: {} as never }) as unknown as {
    stack: { route?: { path: string; methods: Record<string, boolean> } }[];
  };
  return router.stack.flatMap(({ route }) => (route ? Object.keys(route.methods).map((m) => `${m.toUpperCase()} ${route.path}`) : []));
}

/** Token scope sets that lack `scope`: each other grantable scope alone (with what reaching the field needs), and all the others together. */
function insufficient(scope: string, reach: readonly string[] = []): string[][] {
  const others = GRANTABLE.filter((s) => s !== scope);
  const base = reach.filter((s) => s !== scope);
  return [...others.map((s) => [...new Set([...base, s])]), others];
}

/** The users whose role on the stream is not enough, and the status each must get. */
function weakerRoles(f: Fixture, role: Need['role']): [UserRecord, number][] {
  switch (role) {
    case 'owner':
      return [[f.contributor, 403], [f.reviewer, 403], [f.stranger, 404]];
    case 'contributor':
      return [[f.reviewer, 403], [f.stranger, 404]];
    case 'member':
    case 'member-or-public':
      return [[f.stranger, 404]];
    default:
      return [];
  }
}

async function makeFixture(api: ApiHarness): Promise<Fixture> {
  const [owner, contributor, reviewer, stranger] = await Promise.all(['owner', 'contributor', 'reviewer', 'stranger'].map((n) => api.makeUser(n)));
  const stream = await api.makeStream(owner!, { name: 'private' });
  await grantPermission(api.db.models, owner!.id, stream.id, contributor!.id, 'stream:contributor');
  await grantPermission(api.db.models, owner!.id, stream.id, reviewer!.id, 'stream:reviewer');
  const { issuer } = api.app.locals.patgate;
  const kept = await issuer.create({ ownerId: owner!.id, name: 'kept', scopes: ['streams:read'] });
  return {
    owner: owner!,
    contributor: contributor!,
    reviewer: reviewer!,
    stranger: stranger!,
    streamId: stream.id,
    ownerTokenId: kept.info.id,
    auth: async (user, scopes) => `Bearer ${(await issuer.create({ ownerId: user.id, name: 'cell', scopes: [...scopes] })).token}`,
  };
}

/** Nothing a refused cell may have changed. */
async function snapshot(api: ApiHarness, f: Fixture): Promise<unknown> {
  const { models, sequelize } = api.db;
  const stream = await models.Stream.findByPk(f.streamId);
  const roles = await models.StreamAcl.findAll({ where: { streamId: f.streamId }, order: [['userId', 'ASC']] });
  const [commits, streams, live] = await Promise.all([
    models.Commit.count(),
    models.Stream.count(),
    sequelize.query('SELECT id FROM api_tokens WHERE "revokedAt" IS NULL AND name <> \'cell\' ORDER BY id'),
  ]);
  return { name: stream?.name, roles: roles.map((r) => `${r.userId}:${r.role}`), commits, streams, live: live[0] };
}

let cells = 0;

describe('authorization matrix', function () {
  this.timeout(120_000);
  const api = withApi('sqlite', { apiRateLimitPerMinute: 0, authFailuresPerMinute: 0 });

  it('lists every REST route of the router, and no route that is gone', () => {
    expect(routeTable().sort()).to.deep.equal(Object.keys(REST).sort());
  });

  it('lists every GraphQL field that declares a scope, and no field that is gone', () => {
    const declared = fieldScopes(buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS));
    // Fields anyone may resolve (`@public`, `@anonymous`) have no scope to lack.
    const scoped = Object.entries(declared).filter(([, scope]) => scope !== 'public' && scope !== 'anonymous').map(([field]) => field);
    expect(scoped.sort()).to.deep.equal(Object.keys(GRAPHQL).sort());
  });

  for (const [route, row] of Object.entries(REST)) {
    it(`REST ${route}: refused for every scope and stream role that is not enough`, async () => {
      const f = await makeFixture(api);
      const before = await snapshot(api, f);
      const [method, ] = route.split(' ') as [string];
      const send = (auth: string) => {
        const req = api.http()[method.toLowerCase() as 'get'](row.path(f)).set('Authorization', auth);
        return row.body ? req.send(row.body(f)) : req;
      };
      if (row.scope) {
        for (const scopes of insufficient(row.scope)) {
          const res = await send(await f.auth(f.owner, scopes));
          expect(res.status, `${route} with ${scopes.join(' ')}`).to.equal(403);
          expect(res.headers['www-authenticate']).to.contain('error="insufficient_scope"').and.contain(`scope="${row.scope}"`);
          cells++;
        }
      }
      for (const [user, status] of weakerRoles(f, row.role)) {
        const res = await send(await f.auth(user, GRANTABLE));
        expect(res.status, `${route} as ${user.name}`).to.equal(status);
        cells++;
      }
      expect(await snapshot(api, f), 'nothing changed').to.deep.equal(before);
    });
  }

  for (const [field, row] of Object.entries(GRAPHQL)) {
    it(`GraphQL ${field}: refused for every scope and stream role that is not enough`, async () => {
      const f = await makeFixture(api);
      const before = await snapshot(api, f);
      const scope = fieldScopes(buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS))[field]!;
      const send = async (auth: string) =>
        (await api.http().post('/graphql').set('Authorization', auth).send({ query: row.query, variables: row.variables?.(f) ?? {} })).body as {
          data?: unknown;
          errors?: { extensions?: { code?: string; scope?: string } }[];
        };
      for (const scopes of insufficient(scope, row.reach)) {
        const body = await send(await f.auth(f.owner, scopes));
        expect(body.errors?.map((e) => e.extensions), `${field} with ${scopes.join(' ')}`).to.deep.include({ code: 'FORBIDDEN', scope });
        cells++;
      }
      for (const [user, status] of weakerRoles(f, row.role)) {
        const body = await send(await f.auth(user, GRANTABLE));
        const code = status === 403 ? 'FORBIDDEN' : 'NOT_FOUND';
        expect(body.errors?.map((e) => e.extensions?.code), `${field} as ${user.name}`).to.include(code);
        cells++;
      }
      expect(await snapshot(api, f), 'nothing changed').to.deep.equal(before);
    });
  }

  after(() => {
    // The count the closing note reports.
    if (process.env.PATGATE_MATRIX_REPORT) console.log(`authorization matrix: ${cells} cells`);
  });
});
