import { InsufficientScopeError, TokenRequiredError } from '@patgate/middleware';
import type { TokenIssuer } from '@patgate/middleware';
import type { Request } from 'express';
import type { Models } from '../db/models.js';
import { currentCaller, currentUser, hasScope } from '../http/auth.js';
import type { Caller } from '../services/access.js';
import type { ScopeName } from '../scopes.js';
import type { UserRecord } from '../services/users.js';
import { serverDescription } from './server-info.js';
import type { ServerDescription } from './server-info.js';

/** What the GraphQL resolvers need from the app: the same models and issuer the REST routes use. */
export interface GraphQLDependencies {
  models: Models;
  issuer: TokenIssuer;
  /** What `serverInfo` says about this server; each field defaults to `DEFAULT_SERVER_DESCRIPTION`'s. */
  server?: Partial<ServerDescription>;
}

/**
 * Per-request state handed to every resolver. A type alias, not an interface, so it fits graphql-http's
 * `OperationContext` (a record type).
 */
export type GraphQLContext = {
  models: Models;
  issuer: TokenIssuer;
  /** What `serverInfo` says about this server. */
  server: ServerDescription;
  /** The Express request, authenticated before GraphQL sees it (`req.user`, `req.authInfo`). */
  req: Request;
  /**
   * The user the token (or session) acts for. Reading it on a request without credentials (which may ask
   * only for `@anonymous` fields) throws.
   */
  readonly user: UserRecord;
  /**
   * The user with the streams the request's token is limited to: what every stream service takes, so a
   * limited token meets the same NOT_FOUND over GraphQL as over REST.
   */
  readonly caller: Caller;
};

/**
 * Builds a resolver context from an authenticated request. Whatever authenticated the request (the bearer
 * strategy, or a session that sets `req.user` and `req.authInfo`) decides the scopes.
 *
 * @example
 * const context = makeContext(req, { models, issuer });
 */
export function makeContext(req: Request, deps: GraphQLDependencies): GraphQLContext {
  return {
    models: deps.models,
    issuer: deps.issuer,
    server: serverDescription(deps.server),
    req,
    get user() {
      return currentUser(req);
    },
    get caller() {
      return currentCaller(req);
    },
  };
}

/**
 * Throws the middleware's own `InsufficientScopeError` when the request lacks `scope`, so REST and GraphQL
 * name a missing scope in the same words; the error formatter turns it into `extensions.code = "FORBIDDEN"`.
 *
 * @example
 * requireScope(context, 'streams:read');
 */
export function requireScope(context: GraphQLContext, scope: ScopeName): void {
  // Only @anonymous fields run without credentials; should any other field be reached, it says so.
  if (!context.req.authInfo) throw new TokenRequiredError();
  if (!hasScope(context.req, scope)) throw new InsufficientScopeError([scope]);
}
