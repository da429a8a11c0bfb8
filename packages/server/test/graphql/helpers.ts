/**
 * GraphQL test shortcuts over the REST harness (`withApi`): the same database, app, clock and actors,
 * plus `gql()` to send one operation the way the documentation's `fetch` call does.
 */
import { expect } from 'chai';
import type { Response } from 'supertest';
import type { ApiHarness } from '../http/helpers.js';

export { DATABASE_KINDS, withApi } from '../http/helpers.js';
export type { Actor, ApiHarness } from '../http/helpers.js';

/** A GraphQL error as it appears in a response body. */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; scope?: string; [key: string]: unknown };
}

/** A response body of `/graphql`. */
export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorBody[];
}

/**
 * POSTs one operation to `/graphql` with `Authorization: <auth>` (omit it to send none).
 *
 * @example
 * const res = await gql(api, ada.auth, '{ user { id } }');
 */
export function gql(
  api: ApiHarness,
  auth: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Response> {
  const req = api.http().post('/graphql').set('Content-Type', 'application/json');
  if (auth !== undefined) req.set('Authorization', auth);
  return req.send(JSON.stringify(variables ? { query, variables } : { query }));
}

/**
 * Asserts a 200 answer whose only error is one with this `extensions.code` (and `extensions.scope`, when
 * given), and returns the body for further checks.
 *
 * @example
 * expectGraphQLError(res, 'FORBIDDEN', 'streams:write');
 */
export function expectGraphQLError(res: Response, code: string, scope?: string): GraphQLBody {
  const body = res.body as GraphQLBody;
  const context = `${res.status} ${JSON.stringify(body)}`;
  expect(res.status, context).to.equal(200);
  expect(body.errors, context).to.have.length(1);
  const [error] = body.errors ?? [];
  expect(error?.extensions?.code, context).to.equal(code);
  if (scope !== undefined) {
    expect(error?.extensions?.scope, context).to.equal(scope);
    expect(error?.message, context).to.include(scope);
  }
  return body;
}
