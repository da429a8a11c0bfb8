import { expect } from 'chai';
import type { GraphQLObjectType } from 'graphql';
import { buildPatgateSchema } from '../../src/graphql/schema.js';

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
