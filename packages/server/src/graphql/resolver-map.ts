import { defaultFieldResolver, isObjectType } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context.js';
import { requireScope } from './context.js';

/**
 * One resolver. Parameters are `never` so a resolver may declare the parent and argument types it
 * expects (a `StreamInfo`, `{ id: string }`); the schema guarantees them at run time.
 */
export type Resolver = (source: never, args: never, context: GraphQLContext) => unknown;

/** Resolvers by type name, then field name. */
export type ResolverMap = Record<string, Record<string, Resolver>>;

/** The scope a field needs, keyed `Type.field`. */
export type FieldScopes = Readonly<Record<string, string>>;

function fieldOf(schema: GraphQLSchema, key: string) {
  const [typeName = '', fieldName = ''] = key.split('.');
  const type = schema.getType(typeName);
  const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
  // A typo in a table must fail at start-up: a silently missing scope check would be a hole.
  if (!field) throw new Error(`GraphQL schema has no field ${key}; fix the resolver or scope table`);
  return field;
}

/**
 * Puts resolvers on an SDL-built schema, and in front of every field named in `scopes` a check that the
 * request holds that scope (graphql-js runs it before the field's own resolver, so a field without the
 * scope never reaches a service). Throws at once for a type or field the schema does not have.
 *
 * @example
 * attachResolvers(buildSchema(TYPE_DEFS), resolvers, { 'Query.user': 'profile:read' });
 */
export function attachResolvers(schema: GraphQLSchema, resolvers: ResolverMap, scopes: FieldScopes): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    for (const [fieldName, resolve] of Object.entries(fields)) {
      fieldOf(schema, `${typeName}.${fieldName}`).resolve = resolve as unknown as GraphQLFieldResolver<unknown, GraphQLContext>;
    }
  }
  for (const [key, scope] of Object.entries(scopes)) {
    const field = fieldOf(schema, key);
    const inner = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context: GraphQLContext, info) => {
      requireScope(context, scope);
      return inner(source, args, context, info);
    };
  }
  return schema;
}
