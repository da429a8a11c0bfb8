import { GraphQLError } from 'graphql';
import { InsufficientScopeError } from '@patgate/middleware';
import { toErrorResponse } from '../http/errors.js';

/** `extensions.code` per HTTP status, in the names Apollo and Speckle clients already switch on. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Rewrites an error a resolver threw into what the client sees. The REST error handler's
 * `toErrorResponse` decides the status and message, so a service error reads the same over REST and
 * GraphQL, and anything unexpected stays a generic "Something went wrong" with no stack or SQL.
 * Errors graphql-js raised itself (bad variables, non-null violations) pass through unchanged.
 *
 * Returns the client-facing error and whether it was unexpected (the caller logs those).
 *
 * @example
 * const { error, unexpected } = toClientError(result.errors[0]);
 * // error.extensions => { code: 'NOT_FOUND' }
 */
export function toClientError(error: GraphQLError): { error: GraphQLError; unexpected: boolean } {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError) return { error, unexpected: false };
  const { status, body } = toErrorResponse(original);
  const code = CODE_BY_STATUS[status] ?? 'INTERNAL_SERVER_ERROR';
  const extensions: Record<string, unknown> = { code };
  if (original instanceof InsufficientScopeError) extensions.scope = original.scopes.join(' ');
  const clientError = new GraphQLError(body.error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
  return { error: clientError, unexpected: status >= 500 && status !== 503 };
}
