import { createRequire } from 'node:module';
import type { IRouter } from 'express';
import { TOKEN_EXPIRATION_HEADER } from '@patgate/middleware';
import { z } from 'zod';
import { RESPONSES, SCHEMAS, SECURITY_SCHEMES } from './components.js';
import { OPERATIONS } from './operations.js';
import type { Operation } from './operations.js';

const { version: PACKAGE_VERSION } = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** Where the description is served, without authentication. */
export const OPENAPI_PATH = '/api/openapi.json';

type Json = Record<string, unknown>;

/** The JSON Schema (2020-12, which OpenAPI 3.1 uses) of what a client may send, from the zod schema the route parses with. */
function inputSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return json;
}

/** Express `:name` to OpenAPI `{name}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(operation: Operation): Json[] {
  const inPath = [...operation.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
    name, in: 'path', required: true, schema: { type: 'string' },
  }));
  const query = operation.query ? (inputSchema(operation.query).properties as Record<string, Json>) : {};
  return [...inPath, ...Object.entries(query).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))];
}

function security(operation: Operation): Json[] | undefined {
  const { access } = operation;
  if (access === 'public') return [];
  if (access === 'session-only') return [{ session: [] }];
  if (access === 'any-token') return [{ bearerAuth: [] }];
  return [{ bearerAuth: [...access.scopes] }, { session: [] }];
}

const EXPIRATION = { [TOKEN_EXPIRATION_HEADER]: { description: 'When the token sent expires (HTTP date); absent for a session.', schema: { type: 'string' } } };

const REFUSAL_STATUS = { Unauthorized: '401', Forbidden: '403', NotFound: '404', Conflict: '409', TooManyRequests: '429' } as const;

function responses(operation: Operation): Json {
  const answers: Json = {};
  for (const [status, schema] of Object.entries(operation.success)) {
    const body = schema ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } : {};
    answers[status] = { description: operation.summary, ...(operation.access !== 'public' && { headers: EXPIRATION }), ...body };
  }
  const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
  if (operation.body || operation.query || operation.path.includes(':')) answers['400'] = ref('BadRequest');
  if (operation.access !== 'public') {
    answers['401'] = ref('Unauthorized');
    answers['429'] = ref('TooManyRequests');
  }
  if (typeof operation.access === 'object') answers['403'] = ref('Forbidden');
  for (const refusal of operation.refusals ?? []) answers[REFUSAL_STATUS[refusal]] = ref(refusal);
  return answers;
}

function describe(operation: Operation): Json {
  const params = parameters(operation);
  return {
    operationId: `${operation.method}${openApiPath(operation.path).replace(/^\/api/, '').replace(/[{}]/g, '').split(/[/.-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')}`,
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    tags: [operation.tag],
    security: security(operation),
    ...(params.length > 0 && { parameters: params }),
    ...(operation.body && { requestBody: { required: false, content: { [operation.bodyType ?? 'application/json']: { schema: inputSchema(operation.body) } } } }),
    responses: responses(operation),
  };
}

/**
 * The OpenAPI 3.1 description of every REST route, built from {@link OPERATIONS}.
 *
 * @example
 * const doc = openApiDocument();
 * Object.keys(doc.paths); // ['/api/openapi.json', '/api/user', …]
 */
export function openApiDocument(version: string = PACKAGE_VERSION): Json & { paths: Record<string, Record<string, Json>> } {
  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of OPERATIONS) {
    (paths[openApiPath(operation.path)] ??= {})[operation.method] = describe(operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'patgate',
      version,
      description: 'Personal access tokens in the style of Speckle. Errors are `{ "error": { "code", "message" } }` with RFC 6750 challenges.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: ['users', 'streams', 'collaborators', 'commits', 'tokens', 'leak', 'meta'].map((name) => ({ name })),
    paths,
    components: { schemas: SCHEMAS, securitySchemes: SECURITY_SCHEMES, responses: RESPONSES },
  };
}

/**
 * `GET /api/openapi.json`, public like most APIs' descriptions (it says what exists, never who has what),
 * mounted before authentication. Built once.
 *
 * @example
 * openApiRoutes(app);
 * app.use('/api', apiRouter(deps, [authenticateApi]));
 */
export function openApiRoutes(router: IRouter, version: string = PACKAGE_VERSION): void {
  const body = JSON.stringify(openApiDocument(version));
  router.get(OPENAPI_PATH, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('application/json').send(body);
  });
}
