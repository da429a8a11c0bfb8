/**
 * Every REST route, described once: method, path (Express syntax), scopes, input schemas (the zod schemas
 * the route parses with, so the description cannot drift from what is checked) and answers. A test
 * compares this list with the routes the app really has, both ways.
 */
import type { z } from 'zod';
import type { ScopeName as Scope } from '../../scopes.js';
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
  tag: 'users' | 'streams' | 'commits' | 'collaborators' | 'tokens' | 'meta';
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status -> schema name in `components.schemas`, or `null` for an answer without a body. */
  success: Record<number, string | null>;
  /** Which shared refusals apply besides 401 (implied by any credential) and 400 (implied by input). */
  refusals?: readonly ('Forbidden' | 'NotFound' | 'Conflict')[];
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
];
