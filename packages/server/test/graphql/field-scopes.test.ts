import { expect } from 'chai';
import { buildSchema, isObjectType } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import { applyFieldScopes, fieldScopes, SCOPE_DIRECTIVES } from '../../src/graphql/field-scopes.js';
import { buildPatgateSchema } from '../../src/graphql/schema.js';
import { TYPE_DEFS } from '../../src/graphql/type-defs.js';
import { SCOPE_NAMES } from '../../src/scopes.js';

// Today every path to a Stream already needs streams:read; these checks keep a future path (a mutation
// returning a Stream, say) from skipping the scope of the stream's own fields.
describe('GraphQL field scopes (defence in depth)', () => {
  const schema = buildPatgateSchema();
  for (const field of ['collaborators', 'commits']) {
    it(`Stream.${field} refuses a request without streams:read before any service runs`, () => {
      const resolve = (schema.getType('Stream') as GraphQLObjectType).getFields()[field]!.resolve!;
      // models is null: reaching a service would throw a TypeError, not the scope error.
      const context = { req: { authInfo: { tokenId: 't', scopes: ['profile:read'] } }, models: null, issuer: null, user: { id: 'u' } };
      expect(() => resolve({ id: '00000000-0000-4000-8000-000000000000' }, {}, context, {} as never)).to.throw(/streams:read/);
    });
  }
});

describe('GraphQL field scopes declared in the SDL', () => {
  it('every Query and Mutation field of the schema declares a scope, @public or @anonymous', () => {
    const schema = buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS);
    const table = fieldScopes(schema);
    const roots = [schema.getQueryType(), schema.getMutationType()].filter(isObjectType);
    expect(roots).to.have.length(2);
    for (const root of roots) {
      for (const name of Object.keys(root.getFields())) {
        const scope = table[`${root.name}.${name}`];
        expect(scope, `${root.name}.${name}`).to.be.a('string');
        expect([...SCOPE_NAMES, 'public', 'anonymous']).to.include(scope);
      }
    }
  });

  it('states the scopes REST states for the same questions', () => {
    expect(fieldScopes(buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS))).to.include({
      'Query.user': 'profile:read',
      'Query.otherUser': 'users:read',
      'Query.stream': 'streams:read',
      'Query.streams': 'streams:read',
      'User.streams': 'streams:read',
      'User.apiTokens': 'tokens:read',
      'Mutation.streamCreate': 'streams:write',
      'Mutation.commitCreate': 'streams:write',
      'Mutation.apiTokenRevoke': 'tokens:write',
    });
  });

  it('start-up fails for a root field without a declaration, naming it', () => {
    for (const sdl of ['type Query { a: String @public, b: String }', 'type Query { a: String @public } type Mutation { m: Boolean }']) {
      expect(() => applyFieldScopes(buildSchema(SCOPE_DIRECTIVES + sdl))).to.throw(/GraphQL field (Query\.b|Mutation\.m) declares no scope/);
    }
    // Non-root fields are guarded by the root field that leads to them; a declaration there is optional.
    expect(() => fieldScopes(buildSchema(SCOPE_DIRECTIVES + 'type Query { a: T @public } type T { x: String }'))).not.to.throw();
  });

  it('start-up fails for an unknown scope, both directives at once, or an SDL without the directives', () => {
    expect(() => fieldScopes(buildSchema(SCOPE_DIRECTIVES + 'type Query { a: String @hasScope(scope: "stream:read") }'))).to.throw(
      /Query\.a needs an unknown scope "stream:read"/,
    );
    expect(() => fieldScopes(buildSchema(SCOPE_DIRECTIVES + 'type Query { a: String @public @hasScope(scope: "streams:read") }'))).to.throw(/both @public and @hasScope/);
    expect(() => fieldScopes(buildSchema('type Query { a: String }'))).to.throw(/lacks the @hasScope and @public directives/);
  });

  it('derives the scope sentence of each description from the directive, so the SDL never restates it', () => {
    expect(TYPE_DEFS).not.to.match(/Needs [a-z]+:[a-z]+/);
    const schema = buildPatgateSchema();
    const query = schema.getQueryType()!.getFields();
    expect(query.user!.description).to.equal('The user the token acts for. Needs profile:read.');
    expect(schema.getMutationType()!.getFields().apiTokenRevoke!.description).to.match(/ Needs tokens:write\.$/);
    expect((schema.getType('Stream') as GraphQLObjectType).getFields().commits!.description).to.equal('Needs streams:read.');
    const open = applyFieldScopes(buildSchema(SCOPE_DIRECTIVES + 'type Query { "Hello." ping: String @public }'));
    expect(open).to.deep.equal({ 'Query.ping': 'public' });
  });

  it('a @public field resolves without any scope; a @hasScope one is refused without it', () => {
    const schema = buildSchema(SCOPE_DIRECTIVES + 'type Query { ping: String @public, secret: String @hasScope(scope: "users:read") }');
    applyFieldScopes(schema);
    const fields = schema.getQueryType()!.getFields();
    const context = { req: { authInfo: { tokenId: 't', scopes: [] } } };
    expect(fields.ping!.resolve).to.equal(undefined);
    expect(() => fields.secret!.resolve!({ secret: 's' }, {}, context, { fieldName: 'secret' } as never)).to.throw(/users:read/);
    const allowed = { req: { authInfo: { tokenId: 't', scopes: ['users:read'] } } };
    expect(fields.secret!.resolve!({ secret: 's' }, {}, allowed, { fieldName: 'secret' } as never)).to.equal('s');
  });
});
