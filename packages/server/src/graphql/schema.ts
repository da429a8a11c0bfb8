import { GraphQLError, buildSchema } from 'graphql';
import type { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { mutationResolvers } from './mutations.js';
import { queryResolvers } from './queries.js';
import { attachResolvers } from './resolver-map.js';
import { applyFieldScopes, SCOPE_DIRECTIVES } from './field-scopes.js';
import { TYPE_DEFS } from './type-defs.js';

/** Dates leave as ISO 8601 strings, exactly as `res.json` writes them on the REST side. */
function serializeDate(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw new GraphQLError('DateTime cannot represent a non-date value');
}

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
  const dateTime = schema.getType('DateTime') as GraphQLScalarType;
  // Inputs never take dates, so only output serialisation matters.
  dateTime.serialize = serializeDate;
  attachResolvers(schema, { ...queryResolvers, ...mutationResolvers });
  applyFieldScopes(schema);
  return schema;
}
