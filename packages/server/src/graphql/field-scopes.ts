import { defaultFieldResolver, getDirectiveValues, isObjectType } from 'graphql';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import { isScopeName } from '../scopes.js';
import type { ScopeName } from '../scopes.js';
import type { GraphQLContext } from './context.js';
import { requireScope } from './context.js';

/**
 * The two directives that declare, on the field itself, who may resolve it (after Speckle's
 * `@hasScope(scope: "streams:read")`), and a third for the rare `Query` field that answers without any
 * credentials. Every `Query` and `Mutation` field carries exactly one of them; other fields may carry
 * `@hasScope` as defence in depth. Prepend to the SDL.
 *
 * @example
 * buildSchema(SCOPE_DIRECTIVES + 'type Query { user: User @hasScope(scope: "profile:read") }');
 */
export const SCOPE_DIRECTIVES = /* GraphQL */ `
"The request must hold this scope, or the field answers FORBIDDEN before its resolver runs."
directive @hasScope(scope: String!) on FIELD_DEFINITION
"The field needs no scope (any authenticated caller). Stated so that a forgotten scope is an error, not a default."
directive @public on FIELD_DEFINITION
"A Query field that answers even a request with no credentials at all (serverInfo); nothing under it may need a user."
directive @anonymous on FIELD_DEFINITION
`;

/**
 * What a field declares: the scope it needs, `'public'` (no scope, but a token or session), or
 * `'anonymous'` (no credentials at all). Keyed `Type.field` in {@link FieldScopeTable}.
 */
export type FieldScope = ScopeName | 'public' | 'anonymous';

/** Every declared field scope, keyed `Type.field`. */
export type FieldScopeTable = Readonly<Record<string, FieldScope>>;

function declared(schema: GraphQLSchema, key: string, field: GraphQLField<unknown, GraphQLContext>): FieldScope | undefined {
  const node = field.astNode;
  if (!node) return undefined;
  const hasScope = getDirectiveValues(schema.getDirective('hasScope')!, node) as { scope: string } | undefined;
  const isPublic = getDirectiveValues(schema.getDirective('public')!, node) !== undefined;
  const anonymous = schema.getDirective('anonymous');
  const isAnonymous = anonymous ? getDirectiveValues(anonymous, node) !== undefined : false;
  const both = [isPublic && '@public', hasScope && '@hasScope', isAnonymous && '@anonymous'].filter(Boolean);
  if (both.length > 1) throw new Error(`GraphQL field ${key} is both ${both.join(' and ')}; keep one`);
  if (isAnonymous) {
    // A mutation without credentials would be a hole; only questions about the server itself qualify.
    if (!key.startsWith(`${schema.getQueryType()?.name}.`)) throw new Error(`GraphQL field ${key} is @anonymous, which only Query fields may be`);
    return 'anonymous';
  }
  if (isPublic) return 'public';
  if (!hasScope) return undefined;
  if (!isScopeName(hasScope.scope)) {
    throw new Error(`GraphQL field ${key} needs an unknown scope "${hasScope.scope}"; use one of the names in scopes.ts`);
  }
  return hasScope.scope;
}

type Declaration = { key: string; field: GraphQLField<unknown, GraphQLContext>; scope: FieldScope };

function declarations(schema: GraphQLSchema): Declaration[] {
  if (!schema.getDirective('hasScope') || !schema.getDirective('public')) {
    throw new Error('GraphQL schema lacks the @hasScope and @public directives; build it from SCOPE_DIRECTIVES + the SDL');
  }
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t));
  const found: Declaration[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      const scope = declared(schema, key, field);
      if (scope) found.push({ key, field, scope });
      else if (roots.has(type)) {
        throw new Error(`GraphQL field ${key} declares no scope: add @hasScope(scope: "…") or @public to it in the SDL`);
      }
    }
  }
  return found;
}

const tableOf = (found: readonly Declaration[]): FieldScopeTable => Object.freeze(Object.fromEntries(found.map((d) => [d.key, d.scope])));

/**
 * Reads the scope directives of every object field. Throws when a `Query`, `Mutation` or `Subscription`
 * field declares neither `@hasScope` nor `@public`, when a scope is not in the server's vocabulary, or
 * when a field declares both: a field without a declared scope must fail at start-up, never ship unguarded.
 *
 * @example
 * fieldScopes(buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS))['Query.user']; // 'profile:read'
 */
export function fieldScopes(schema: GraphQLSchema): FieldScopeTable {
  return tableOf(declarations(schema));
}

/** The sentence a field's description ends with, derived from its declaration so the SDL never restates it. */
function scopeSentence(scope: FieldScope): string {
  if (scope === 'anonymous') return 'Needs no token.';
  return scope === 'public' ? 'Needs no scope.' : `Needs ${scope}.`;
}

/**
 * Puts a scope check in front of every field that declares `@hasScope` (graphql-js runs it before the
 * field's own resolver, so a field without the scope never reaches a service), and ends each declared
 * field's description with the scope it needs. Call after the resolvers are attached. Returns the table
 * it applied.
 *
 * @example
 * const table = applyFieldScopes(schema);
 * table['Mutation.apiTokenRevoke']; // 'tokens:write'
 */
export function applyFieldScopes(schema: GraphQLSchema): FieldScopeTable {
  const found = declarations(schema);
  for (const { field, scope } of found) {
    field.description = field.description ? `${field.description} ${scopeSentence(scope)}` : scopeSentence(scope);
    if (scope === 'public' || scope === 'anonymous') continue;
    const inner = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      requireScope(context, scope);
      return inner(source, args, context, info);
    };
  }
  return tableOf(found);
}

/**
 * The names of the `Query` fields declared `@anonymous`: a query that selects nothing else (and
 * `__typename`) may run without credentials.
 *
 * @example
 * anonymousQueryFields(fieldScopes(schema)); // Set { 'serverInfo' }
 */
export function anonymousQueryFields(table: FieldScopeTable): ReadonlySet<string> {
  return new Set(
    Object.entries(table)
      .filter(([, scope]) => scope === 'anonymous')
      .map(([key]) => key.slice(key.indexOf('.') + 1)),
  );
}
