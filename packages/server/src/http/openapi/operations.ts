/**
 * Every REST route, described once: method, path (Express syntax), scopes, input schemas (the zod schemas
 * the route parses with, so the description cannot drift from what is checked) and answers. A test
 * compares this list with the routes the app really has, both ways.
 */
import type { z } from 'zod';
import type { ScopeName as Scope } from '../../scopes.js';
import { revokeBody, oauthRevokeBody } from '../../leak/credential-revoke-routes.js';
import { reportSchema } from '../../leak/secret-scanning-routes.js';
import { commitBody, createBody, grantBody, paginationSchema, patchBody, rotateBody, tokenCreateBody } from '../schemas.js';

/** Who may call an operation: a token (and the session) with these scopes, any valid token, the session only, or anyone. */
export type Access = { scopes: readonly Scope[] } | 'any-token' | 'session-only' | 'public';

/** One described route. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The Express path, e.g. `/api/streams/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: 'users' | 'streams' | 'commits' | 'collaborators' | 'tokens' | 'leak' | 'meta';
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The media type of `body`. Defaults to `application/json`. */
  bodyType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** Status -> schema name in `components.schemas`, or `null` for an answer without a body. */
  success: Record<number, string | null>;
  /** Which shared refusals apply besides 401 (implied by any credential) and 400 (implied by input). */
  refusals?: readonly ('Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'TooManyRequests')[];
}

const read = (...scopes: Scope[]): Access => ({ scopes });

export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/api/openapi.json', summary: 'This description (OpenAPI 3.1)', tag: 'meta', access: 'public', success: { 200: null } },
  { method: 'get', path: '/api/user', summary: 'The caller', description: 'The email only with `profile:email`.', tag: 'users', access: read('profile:read'), success: { 200: 'User' } },
  {
    method: 'get', path: '/api/users/:id', summary: "Another user's public profile", description: 'The email only with `users:email` and `server:admin`.',
    tag: 'users', access: read('users:read'), success: { 200: 'PublicUser' }, refusals: ['NotFound'],
  },
  { method: 'get', path: '/api/streams', summary: 'Streams the caller has a role on', tag: 'streams', access: read('streams:read'), query: paginationSchema, success: { 200: 'StreamPage' } },
  { method: 'post', path: '/api/streams', summary: 'Create a stream; the caller becomes its owner', tag: 'streams', access: read('streams:write'), body: createBody, success: { 201: 'Stream' } },
  {
    method: 'get', path: '/api/streams/:id', summary: 'One stream', description: 'A role, or the stream is public; else 404 (never 403).',
    tag: 'streams', access: read('streams:read'), success: { 200: 'Stream' }, refusals: ['NotFound'],
  },
  { method: 'patch', path: '/api/streams/:id', summary: 'Change a stream (owner)', tag: 'streams', access: read('streams:write'), body: patchBody, success: { 200: 'Stream' }, refusals: ['Forbidden', 'NotFound'] },
  { method: 'delete', path: '/api/streams/:id', summary: 'Delete a stream (owner)', tag: 'streams', access: read('streams:write'), success: { 204: null }, refusals: ['Forbidden', 'NotFound'] },
  {
    method: 'get', path: '/api/streams/:id/collaborators', summary: "A stream's collaborators", tag: 'collaborators',
    access: read('streams:read'), success: { 200: 'CollaboratorList' }, refusals: ['NotFound'],
  },
  {
    method: 'put', path: '/api/streams/:id/collaborators/:userId', summary: 'Share a stream: give a user a role (owner)', tag: 'collaborators',
    access: read('streams:write'), body: grantBody, success: { 200: 'Collaborator' }, refusals: ['Forbidden', 'NotFound', 'Conflict'],
  },
  {
    method: 'delete', path: '/api/streams/:id/collaborators/:userId', summary: "Remove a user's role (owner; never the last owner)", tag: 'collaborators',
    access: read('streams:write'), success: { 204: null }, refusals: ['Forbidden', 'NotFound', 'Conflict'],
  },
  {
    method: 'get', path: '/api/streams/:id/commits', summary: "A stream's commits, newest first", tag: 'commits',
    access: read('streams:read'), query: paginationSchema, success: { 200: 'CommitPage' }, refusals: ['NotFound'],
  },
  {
    method: 'post', path: '/api/streams/:id/commits', summary: 'Create a commit (contributor or owner)', tag: 'commits',
    access: read('streams:write'), body: commitBody, success: { 201: 'Commit' }, refusals: ['Forbidden', 'NotFound'],
  },
  { method: 'get', path: '/api/tokens', summary: "The caller's tokens, never a secret", tag: 'tokens', access: read('tokens:read'), query: paginationSchema, success: { 200: 'TokenPage' } },
  { method: 'post', path: '/api/tokens', summary: 'Create a token (signed-in session only)', tag: 'tokens', access: 'session-only', body: tokenCreateBody, success: { 201: 'IssuedToken' }, refusals: ['Forbidden'] },
  { method: 'delete', path: '/api/tokens/:id', summary: 'Revoke a token by id (signed-in session only)', tag: 'tokens', access: 'session-only', success: { 204: null }, refusals: ['Forbidden', 'NotFound'] },
  { method: 'get', path: '/api/tokens/current', summary: 'Introspect the token making the request', tag: 'tokens', access: 'any-token', success: { 200: 'Token' } },
  { method: 'delete', path: '/api/tokens/current', summary: 'The token revokes itself', tag: 'tokens', access: 'any-token', success: { 204: null } },
  {
    method: 'post', path: '/api/tokens/current/rotate', summary: 'Replace the token with a new one',
    description: 'Same scopes and expiry. The old token stops at once, or keeps working for `graceSeconds` (never past its own expiry). A token in its grace window cannot rotate again (404).',
    tag: 'tokens', access: 'any-token', body: rotateBody, success: { 201: 'IssuedToken' }, refusals: ['NotFound'],
  },
  {
    method: 'get', path: '/api/tokens/:id/events', summary: "A token's history, newest first (its owner only)",
    description: 'created, first_used, rotated, revoked, refused_revoked, refused_expired and leak_reported, each with time, address, user agent and actor; kept after the token row is pruned. Another user\'s token is 404.',
    tag: 'tokens', access: read('tokens:read'), query: paginationSchema, success: { 200: 'TokenEventPage' }, refusals: ['NotFound'],
  },
  {
    method: 'post', path: '/api/credentials/revoke', summary: 'Revoke leaked tokens by value (no authentication)',
    description: 'Revokes each value that is a live token. Always 202 `{}`: the answer never says which values were live. Limited per client address (`PATGATE_CREDENTIAL_REVOKE_PER_HOUR`).',
    tag: 'leak', access: 'public', body: revokeBody, success: { 202: 'Empty' }, refusals: ['TooManyRequests'],
  },
  {
    method: 'post', path: '/oauth/revoke', summary: 'RFC 7009 token revocation (no authentication)',
    description: 'Revokes the token if it is live; 200 whether it was or not. Shares the per-address limit of `/api/credentials/revoke`.',
    tag: 'leak', access: 'public', body: oauthRevokeBody, bodyType: 'application/x-www-form-urlencoded', success: { 200: 'Empty' }, refusals: ['TooManyRequests'],
  },
  {
    method: 'post', path: '/api/secret-scanning/github', summary: "GitHub secret-scanning partner reports",
    description: 'Signed by GitHub (`Github-Public-Key-Identifier`, `Github-Public-Key-Signature`: ECDSA P-256 over the raw body, keys from `PATGATE_SECRET_SCANNING_KEYS`); a bad or missing signature is 401 and changes nothing. 404 when no keys are configured.',
    tag: 'leak', access: 'public', body: reportSchema, success: { 200: 'SecretScanningAnswer' }, refusals: ['Unauthorized', 'NotFound'],
  },
];
