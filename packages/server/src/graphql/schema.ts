import { GraphQLError, buildSchema } from 'graphql';
import type { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { mutationResolvers } from './mutations.js';
import { queryResolvers } from './queries.js';
import { attachResolvers } from './resolver-map.js';
import type { FieldScopes } from './resolver-map.js';
import { TYPE_DEFS } from './type-defs.js';

/**
 * The scope each field needs, the GraphQL twin of the REST routes' `requireScopes`. A field listed here
 * answers `FORBIDDEN` (with `extensions.scope`) without it; the email fields are not listed because they
 * answer null instead, as in Speckle. `tokens:write` is never on a personal access token, so only the
 * profile page's session can revoke tokens by id.
 *
 * @example
 * FIELD_SCOPES['Query.user']; // 'profile:read'
 */
export const FIELD_SCOPES: FieldScopes = Object.freeze({
  'Query.user': 'profile:read',
  'Query.otherUser': 'users:read',
  'Query.stream': 'streams:read',
  'Query.streams': 'streams:read',
  'User.streams': 'streams:read',
  'User.apiTokens': 'tokens:read',
  // Implied by the fields that lead here today; stated so a future path to a stream cannot skip it.
  'Stream.collaborators': 'streams:read',
  'Stream.commits': 'streams:read',
  'Mutation.streamCreate': 'streams:write',
  'Mutation.streamUpdate': 'streams:write',
  'Mutation.streamDelete': 'streams:write',
  'Mutation.streamGrantPermission': 'streams:write',
  'Mutation.streamRevokePermission': 'streams:write',
  'Mutation.commitCreate': 'streams:write',
  'Mutation.apiTokenRevoke': 'tokens:write',
});

/** Dates leave as ISO 8601 strings, exactly as `res.json` writes them on the REST side. */
function serializeDate(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw new GraphQLError('DateTime cannot represent a non-date value');
}

/**
 * Builds the executable schema: the SDL, the resolvers over the services, and the scope checks. Build it
 * once per app; it holds no per-request state.
 *
 * @example
 * const schema = buildPatgateSchema();
 * printSchema(schema).includes('type Stream'); // true
 */
export function buildPatgateSchema(): GraphQLSchema {
  const schema = buildSchema(TYPE_DEFS);
  const dateTime = schema.getType('DateTime') as GraphQLScalarType;
  // Inputs never take dates, so only output serialisation matters.
  dateTime.serialize = serializeDate;
  return attachResolvers(schema, { ...queryResolvers, ...mutationResolvers }, FIELD_SCOPES);
}
