import { buildSchema } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { mutationResolvers } from './mutations.js';
import { queryResolvers } from './queries.js';
import { attachResolvers } from './resolver-map.js';
import { applyFieldScopes, SCOPE_DIRECTIVES } from './field-scopes.js';
import { applyScalars } from './scalars.js';
import { TYPE_DEFS } from './type-defs.js';

/**
 * Builds the executable schema: the SDL, the resolvers over the services, and the scope checks each field
 * declares with `@hasScope` (or `@public`). Throws when a `Query` or `Mutation` field declares neither.
 * Build it once per app; it holds no per-request state.
 *
 * @example
 * const schema = buildPatgateSchema();
 * printSchema(schema).includes('type Stream'); // true
 */
export function buildPatgateSchema(): GraphQLSchema {
  const schema = buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS);
  applyScalars(schema);
  attachResolvers(schema, { ...queryResolvers, ...mutationResolvers });
  applyFieldScopes(schema);
  return schema;
}
