/**
 * The reusable parts of the OpenAPI description: what the API answers (hand-written here, since answers
 * are built by the services, not parsed by zod), the two credentials, and the error shape every refusal
 * shares. Request bodies are not here: they come from the zod schemas the routes parse with.
 */
import { SERVER_ROLES, STREAM_ROLES } from '../../scopes.js';

type Schema = Record<string, unknown>;

const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, 'null'], ...extra });
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = { type: ['string', 'null'], format: 'date-time' };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** `{ totalCount, items, cursor }` of `item`: the one list shape. */
function page(item: string, cursor = true): Schema {
  return {
    type: 'object',
    required: cursor ? ['totalCount', 'items', 'cursor'] : ['totalCount', 'items'],
    properties: {
      totalCount: { type: 'integer', minimum: 0 },
      items: { type: 'array', items: ref(item) },
      ...(cursor && { cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last.' } }),
    },
  };
}

const publicUserFields: Record<string, Schema> = {
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  bio: nullable('string'),
  company: nullable('string'),
  avatar: nullable('string'),
  email: { type: 'string', format: 'email', description: 'Only with the email scope the route names.' },
};

const tokenFields: Record<string, Schema> = {
  id: { type: 'string', pattern: '^[0-9A-Za-z]{10}$', description: 'The 10 characters after `pat_`.' },
  name: { type: 'string' },
  scopes: { type: 'array', items: { type: 'string' } },
  lastChars: { type: 'string', description: 'The end of the token, to recognise it by.' },
  createdAt: dateTime,
  expiresAt: nullableDateTime,
  lastUsedAt: { ...nullableDateTime, description: 'Written at most once a minute, off the request path.' },
  lastUsedIp: nullable('string', { description: 'The address of that use.' }),
  lastUsedUserAgent: nullable('string', { description: 'The User-Agent of that use, at most 512 characters.' }),
  revokedAt: nullableDateTime,
  streamIds: {
    type: ['array', 'null'],
    items: { type: 'string' },
    description: 'The streams the token is limited to (`streamIds` on create, kept by rotation); null: all of the owner\'s.',
  },
};

const streamFields: Record<string, Schema> = {
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  description: nullable('string'),
  isPublic: { type: 'boolean' },
  isDiscoverable: { type: 'boolean' },
  createdAt: dateTime,
  updatedAt: dateTime,
  role: { type: ['string', 'null'], enum: [...STREAM_ROLES, null], description: "The caller's role; null on a public stream without one." },
};

const commitFields: Record<string, Schema> = {
  id: { type: 'string' },
  streamId: { type: 'string', format: 'uuid' },
  authorId: { type: 'string', format: 'uuid' },
  message: { type: 'string' },
  branchName: { type: 'string' },
  objectId: nullable('string'),
  sourceApplication: nullable('string'),
  totalChildrenCount: nullable('integer'),
  parents: { type: 'array', items: { type: 'string' } },
  createdAt: dateTime,
};

const object = (fields: Record<string, Schema>, optional: readonly string[] = []): Schema => ({
  type: 'object',
  required: Object.keys(fields).filter((name) => !optional.includes(name)),
  properties: fields,
});

/** `components.schemas`: every answer body the API sends. */
export const SCHEMAS: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', examples: ['invalid_token', 'insufficient_scope', 'bad_request', 'not_found'] },
          message: { type: 'string' },
        },
      },
    },
  },
  User: object({ ...publicUserFields, serverRole: { type: 'string', enum: [...SERVER_ROLES] } }, ['email']),
  PublicUser: object(publicUserFields, ['email']),
  Collaborator: object({ ...publicUserFields, role: { type: 'string', enum: [...STREAM_ROLES] } }, ['email']),
  CollaboratorList: page('Collaborator', false),
  Stream: object(streamFields),
  StreamPage: page('Stream'),
  Commit: object(commitFields),
  CommitPage: page('Commit'),
  Token: object(tokenFields),
  TokenPage: page('Token'),
  TokenEvent: object(
    {
      type: { type: 'string', enum: ['created', 'first_used', 'rotated', 'revoked', 'refused_revoked', 'refused_expired', 'leak_reported'] },
      at: dateTime,
      ip: nullable('string'),
      userAgent: nullable('string'),
      actor: { type: 'string', enum: ['owner', 'self', 'admin', 'cli', 'leak_report'] },
      url: { type: 'string', description: 'Where a leaked token was found (leak_reported only).' },
    },
    ['url'],
  ),
  TokenEventPage: page('TokenEvent'),
  Empty: { type: 'object', additionalProperties: false, description: 'Always `{}`.' },
  SecretScanningAnswer: {
    type: 'array',
    items: object({ token_raw: { type: 'string' }, token_type: { type: 'string' }, label: { type: 'string', enum: ['true_positive', 'false_positive'] } }),
  },
  IssuedToken: object({ token: { type: 'string', description: 'The full token. Shown this once; never again.' }, ...tokenFields }),
};

/** `components.securitySchemes`: a personal access token, or the profile page's session (with CSRF). */
export const SECURITY_SCHEMES: Record<string, Schema> = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A personal access token, `Authorization: Bearer pat_…`. The scopes listed on an operation are all required; answers carry `Patgate-Token-Expiration`.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'patgate.sid',
    description: 'The signed-in profile page. Unsafe methods also need the page\'s CSRF token in `x-csrf-token`.',
  },
};

const errorContent = { 'application/json': { schema: ref('Error') } };

/** `components.responses`: the refusals many operations share. */
export const RESPONSES: Record<string, Schema> = {
  BadRequest: { description: 'Malformed input; the message names the field.', content: errorContent },
  Unauthorized: {
    description: 'No valid credential (missing, unknown, revoked or expired token).',
    headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'The RFC 6750 challenge.' } },
    content: errorContent,
  },
  Forbidden: { description: 'A scope or role is missing (`insufficient_scope` names the scope).', content: errorContent },
  NotFound: { description: 'No such resource, or one the caller may not see.', content: errorContent },
  Conflict: { description: 'The change would break a rule (say, remove the last owner).', content: errorContent },
  TooManyRequests: {
    description: 'Over the per-credential rate limit.',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    content: errorContent,
  },
};
