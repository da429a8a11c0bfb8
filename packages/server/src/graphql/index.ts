import { Router } from 'express';
import type { Request as ExpressRequest } from 'express';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate } from 'graphql';
import type { DocumentNode, ExecutionResult, ValidationRule } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/express';
import type { Request as GraphQLHttpRequest, Response as GraphQLHttpResponse } from 'graphql-http';
import type { RequestContext } from 'graphql-http/lib/use/express';
import { anonymousRequestCheck } from './anonymous.js';
import { makeContext } from './context.js';
import type { GraphQLContext, GraphQLDependencies } from './context.js';
import { toClientError } from './errors.js';
import { anonymousQueryFields, fieldScopes } from './field-scopes.js';
import { serverDescription } from './server-info.js';
import { queryLimitsRule } from './limits.js';
import type { QueryLimits } from './limits.js';
import { buildPatgateSchema } from './schema.js';

export { buildPatgateSchema } from './schema.js';
export { applyFieldScopes, fieldScopes, SCOPE_DIRECTIVES } from './field-scopes.js';
export type { FieldScope, FieldScopeTable } from './field-scopes.js';
export { DEFAULT_SERVER_DESCRIPTION, SERVER_VERSION } from './server-info.js';
export type { ServerDescription } from './server-info.js';
export { queryLimitsRule, DEFAULT_MAX_COST, DEFAULT_MAX_DEPTH } from './limits.js';
export type { QueryLimits } from './limits.js';
export type { GraphQLContext, GraphQLDependencies } from './context.js';

/** Options of {@link graphqlRouter}. */
export interface GraphQLOptions extends QueryLimits {
  /** Whether `__schema` and `__type` queries are answered. Defaults to `false`: a public server need not map itself for strangers. */
  introspection?: boolean;
  /**
   * The most lexical tokens a query may have; graphql-js stops parsing beyond it, so a huge query costs
   * little to refuse. Defaults to 2000.
   */
  maxTokens?: number;
}

type Req = GraphQLHttpRequest<ExpressRequest, RequestContext>;

/** The router {@link graphqlRouter} returns, with the test its authentication step needs. */
export type GraphQLRouter = Router & {
  /**
   * Whether this request may skip authentication: it has no `Authorization` header and asks only for
   * `@anonymous` fields (`serverInfo`). Mount authentication so that it runs unless this says true.
   */
  isAnonymousRequest(req: ExpressRequest): boolean;
};

/** Media type of a refusal: what the client accepts, as graphql-http would choose it. */
function mediaType(req: Req): string {
  const accept = String((req.headers as Record<string, unknown>).accept ?? '');
  return accept.includes('application/graphql-response+json')
    ? 'application/graphql-response+json; charset=utf-8'
    : 'application/json; charset=utf-8';
}

/**
 * A request GraphQL cannot run (unparsable, invalid, too deep or too costly) is refused with 400 for
 * every media type. graphql-http answers 200 for these under `application/json` (the spec's legacy
 * mode), but a script sending the documentation's `fetch` call should see its depth bomb fail loudly.
 */
function refuse(req: Req, errors: readonly GraphQLError[]): GraphQLHttpResponse {
  return [JSON.stringify({ errors }), { status: 400, statusText: 'Bad Request', headers: { 'content-type': mediaType(req) } }];
}

/**
 * The GraphQL endpoint, to be mounted behind the same bearer authentication as `/api`, skipped only where
 * `isAnonymousRequest` allows it: `POST` for queries and mutations, `GET` for queries only (GraphQL over
 * HTTP, via graphql-http). Resolvers call the same services as the REST routes, each field checks its
 * scope, and operations deeper than `maxDepth` (8) or costlier than `maxCost` (5000) are refused with 400
 * before any resolver runs.
 *
 * @example
 * const graphql = graphqlRouter({ models, issuer });
 * const auth = authenticate(verifier);
 * app.use('/graphql', (req, res, next) => (graphql.isAnonymousRequest(req) ? next() : auth(req, res, next)), graphql);
 */
export function graphqlRouter(deps: GraphQLDependencies, options: GraphQLOptions = {}): GraphQLRouter {
  const maxTokens = options.maxTokens ?? 2000;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new TypeError('graphqlRouter: `maxTokens` must be a positive integer');
  const schema = buildPatgateSchema();
  // Checked here, once, so a bad description fails at start-up rather than on the first request.
  const server = serverDescription(deps.server);
  const rules: ValidationRule[] = [...specifiedRules, queryLimitsRule(options)];
  if (!options.introspection) rules.push(NoSchemaIntrospectionCustomRule);

  const handler = createHandler<GraphQLContext>({
    schema,
    // Parse and validate here rather than in graphql-http so refusals get a 400 (see `refuse`).
    onSubscribe(req, params) {
      let document: DocumentNode;
      try {
        document = parse(params.query, { maxTokens });
      } catch (error) {
        return refuse(req, [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed')]);
      }
      const errors = validate(schema, document, rules);
      if (errors.length > 0) return refuse(req, errors);
      return {
        schema,
        document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: makeContext(req.raw, { ...deps, server }),
      };
    },
    onOperation(req, _args, result) {
      const { errors } = result as ExecutionResult;
      if (!errors) return;
      return {
        ...result,
        errors: errors.map((original) => {
          const { error, unexpected } = toClientError(original);
          if (unexpected) req.raw.log?.error({ err: original.originalError ?? original }, 'unhandled error in a GraphQL resolver');
          return error;
        }),
      };
    },
  });

  const router = Router();
  // Every method reaches graphql-http, which answers PUT and friends with 405 and an Allow header.
  router.all('/', handler);
  return Object.assign(router, { isAnonymousRequest: anonymousRequestCheck(anonymousQueryFields(fieldScopes(schema)), maxTokens) });
}
