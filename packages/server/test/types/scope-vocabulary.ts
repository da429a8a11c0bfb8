// Compiled by `npm run typecheck` (not run by mocha): the server's scope names are a typed vocabulary, so a
// misspelt scope in a route guard, a GraphQL scope check or an email rule fails to compile. Each
// `@ts-expect-error` fails the typecheck if the line below it ever compiles.
import type { Request } from 'express';
import type { GraphQLContext } from '../../src/graphql/context.js';
import { requireScope } from '../../src/graphql/context.js';
import { hasScope } from '../../src/http/auth.js';
import { requireAnyScope, requireScopes, SESSION_SCOPES } from '../../src/scopes.js';
import type { ScopeName } from '../../src/scopes.js';

// Never called: building a guard with a bad name would also throw at start-up.
export function misspelt(req: Request, context: GraphQLContext): void {
  requireScopes('streams:read');
  requireScopes(['streams:read', 'streams:write']);
  requireAnyScope('users:read', ['profile:read']);
  hasScope(req, 'profile:email');
  requireScope(context, 'tokens:read');
  // Compiles only because the session's scopes are typed by the same vocabulary (a string[] would not).
  const session: readonly ScopeName[] = SESSION_SCOPES;
  void session;

  // @ts-expect-error 'stream:read' is not a scope (the scope is 'streams:read')
  requireScopes('stream:read');
  // @ts-expect-error nor inside an array
  requireAnyScope(['streams:read', 'stream:write']);
  // @ts-expect-error hasScope takes only known scope names
  hasScope(req, 'profile:mail');
  // @ts-expect-error GraphQL scope checks too
  requireScope(context, 'token:read');
}
