import { isObjectType } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context.js';

/**
 * One resolver. Parameters are `never` so a resolver may declare the parent and argument types it
 * expects (a `StreamInfo`, `{ id: string }`); the schema guarantees them at run time.
 */
export type Resolver = (source: never, args: never, context: GraphQLContext) => unknown;

/** Resolvers by type name, then field name. */
export type ResolverMap = Record<string, Record<string, Resolver>>;

function fieldOf(schema: GraphQLSchema, key: string) {
  const [typeName = '', fieldName = ''] = key.split('.');
  const type = schema.getType(typeName);
  const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
  // A typo in the resolver map must fail at start-up, not leave a field on the default resolver.
  if (!field) throw new Error(`GraphQL schema has no field ${key}; fix the resolver map`);
  return field;
}

/**
 * Puts resolvers on an SDL-built schema. Throws at once for a type or field the schema does not have.
 * Scope checks come from the SDL's `@hasScope` directives (see `applyFieldScopes`), not from here.
 *
 * @example
 * attachResolvers(buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS), resolvers);
 */
export function attachResolvers(schema: GraphQLSchema, resolvers: ResolverMap): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    for (const [fieldName, resolve] of Object.entries(fields)) {
      fieldOf(schema, `${typeName}.${fieldName}`).resolve = resolve as unknown as GraphQLFieldResolver<unknown, GraphQLContext>;
    }
  }
  return schema;
}
