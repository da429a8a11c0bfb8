import { expect } from 'chai';
import { buildSchema } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import { applyFieldScopes, fieldScopes, SCOPE_DIRECTIVES } from '../../src/graphql/field-scopes.js';
import { buildPatgateSchema } from '../../src/graphql/schema.js';
import { serverDescription } from '../../src/graphql/server-info.js';
import { TYPE_DEFS } from '../../src/graphql/type-defs.js';
import { expectFailsWith, NO_TOKEN } from '../http/helpers.js';
import { DATABASE_KINDS, gql, withApi } from './helpers.js';

const VERSION = '{ serverInfo { version } }';

describe('@anonymous: the fields that answer without credentials', () => {
  it('is serverInfo alone, and its description says so', () => {
    const table = fieldScopes(buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS));
    expect(Object.entries(table).filter(([, scope]) => scope === 'anonymous')).to.deep.equal([['Query.serverInfo', 'anonymous']]);
    expect(buildPatgateSchema().getQueryType()!.getFields().serverInfo!.description).to.match(/ Needs no token\.$/);
  });

  it('fails at start-up on a Mutation or object field, or together with another declaration', () => {
    const build = (sdl: string) => () => applyFieldScopes(buildSchema(SCOPE_DIRECTIVES + sdl));
    expect(build('type Query { a: String @public } type Mutation { m: Boolean @anonymous }')).to.throw(/Mutation\.m is @anonymous, which only Query fields may be/);
    expect(build('type Query { a: T @public } type T { x: String @anonymous }')).to.throw(/T\.x is @anonymous/);
    expect(build('type Query { a: String @anonymous @public }')).to.throw(/both @public and @anonymous/);
    expect(build('type Query { a: String @anonymous @hasScope(scope: "users:read") }')).to.throw(/both @hasScope and @anonymous/);
  });

  it('a scoped field reached without credentials answers UNAUTHENTICATED, not FORBIDDEN (defence in depth)', () => {
    const schema = buildPatgateSchema();
    const resolve = (schema.getType('Stream') as GraphQLObjectType).getFields().commits!.resolve!;
    const context = { req: {}, models: null, issuer: null };
    expect(() => resolve({ id: 'x' }, {}, context, {} as never)).to.throw().with.property('status', 401);
  });
});

describe("createApp({ serverInfo }): the operator's description", () => {
  it('fills in the defaults and refuses an unknown key, an empty name or a non-string at start-up', () => {
    expect(serverDescription({ company: 'ACME', adminContact: undefined })).to.deep.include({ name: 'patgate', company: 'ACME', adminContact: null });
    expect(() => serverDescription({ nmae: 'x' } as never)).to.throw(TypeError, /`serverInfo\.nmae` is not a setting; use name, company/);
    expect(() => serverDescription({ name: ' ' })).to.throw(TypeError, /`serverInfo\.name` must be a non-empty string/);
    expect(() => serverDescription({ company: 5 } as never)).to.throw(TypeError, /`serverInfo\.company` must be a string or null/);
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL without credentials on ${kind}`, () => {
    const api = withApi(kind, { apiRateLimitPerMinute: 5, serverInfo: { name: 'Bridge office', adminContact: 'it@example.com' } });

    it('serverInfo answers over POST and GET, with fragments, aliases and __typename, from the operator\'s description', async () => {
      const full = await gql(api, undefined, '{ __typename serverInfo { name adminContact company version workspaces { workspacesEnabled } migration { movedTo } } }');
      expect(full.status, full.text).to.equal(200);
      expect(full.body).to.deep.equal({
        data: {
          __typename: 'Query',
          serverInfo: { name: 'Bridge office', adminContact: 'it@example.com', company: null, version: 'dev', workspaces: { workspacesEnabled: false }, migration: null },
        },
      });
      const get = await api.http().get('/graphql').query({ query: VERSION });
      expect(get.body).to.deep.equal({ data: { serverInfo: { version: 'dev' } } });
      const fragments = 'query Info { ...Root ... on Query { v: serverInfo { version } } } fragment Root on Query { serverInfo { name } }';
      expect((await gql(api, undefined, fragments)).body).to.deep.equal({ data: { serverInfo: { name: 'Bridge office' }, v: { version: 'dev' } } });
      const named = await api.http().post('/graphql').send({ query: `query A { serverInfo { name } } query B { user { id } }`, operationName: 'A' });
      expect(named.body).to.deep.equal({ data: { serverInfo: { name: 'Bridge office' } } });
    });

    it('anything else without a token is 401 with the bearer challenge, before any resolver runs', async () => {
      const documents = [
        '{ serverInfo { version } user { id } }',
        '{ serverInfo { version } ...U } fragment U on Query { user { id } }',
        'query A { serverInfo { name } } query B { user { id } }',
        'mutation { streamCreate(stream: { name: "x" }) }',
        '{ __schema { types { name } } }',
        '{ serverInfo { version }',
        '{ ...Loop } fragment Loop on Query { ...Loop }',
      ];
      for (const query of documents) expectFailsWith(await gql(api, undefined, query), 401, NO_TOKEN);
      const named = await api.http().post('/graphql').send({ query: 'query A { serverInfo { name } } query B { user { id } }', operationName: 'B' });
      expectFailsWith(named, 401, NO_TOKEN);
      expectFailsWith(await api.http().post('/graphql').send({ nothing: true }), 401, NO_TOKEN);
    });

    it('a token that is sent is checked even for serverInfo: a bad one is 401 invalid_token, a good one answers', async () => {
      expectFailsWith(await gql(api, 'Bearer pat_0000000000000000000000000000000000000000000000000', VERSION), 401, /error="invalid_token"/);
      const ada = await api.actor('ada', ['profile:read']);
      expect((await gql(api, ada.auth, VERSION)).body).to.deep.equal({ data: { serverInfo: { version: 'dev' } } });
    });

    it('tokenless requests count per client address, never against a token\'s budget', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      for (let i = 0; i < 5; i++) expect((await gql(api, undefined, VERSION)).status).to.equal(200);
      const over = await gql(api, undefined, VERSION);
      expect(over.status).to.equal(429);
      expect(over.headers['retry-after']).to.match(/^\d+$/);
      expect((await gql(api, ada.auth, '{ user { id } }')).status).to.equal(200);
    });
  });
}
