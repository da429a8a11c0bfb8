import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Log paths whose values are replaced by `[redacted]`: credentials in request and response headers, and any
 * field named like a secret one level down (`{ user: { password } }`, `{ body: { token } }`).
 *
 * @example
 * pino({ redact: { paths: [...REDACT_PATHS, 'req.body.apiKey'], censor: '[redacted]' } });
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'req.query.access_token',
  'req.body.access_token',
  'password',
  'token',
  'secret',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.access_token',
  '*.secret',
  '*.secretHash',
  '*.pepper',
];

/**
 * Fields of database errors that hold the values of the failed query: Sequelize's `sql`, `parameters`,
 * `fields`, the driver's error as `original` / `parent` (with PostgreSQL's `detail`), and validation
 * `errors` with each item's `value` and model `instance`. A password hash, email or token hash can sit in
 * any of them, and redaction paths match keys, not values, so these are dropped whole.
 */
const QUERY_VALUE_FIELDS = new Set(['sql', 'parameters', 'fields', 'original', 'parent', 'errors', 'instance', 'value', 'detail']);

/** Objects pino's std serializer made (it hides the error on a non-enumerable `raw`). */
function isSerializedError(value: unknown): value is Record<string, unknown> & { raw: unknown } {
  return typeof value === 'object' && value !== null && 'raw' in value && 'type' in value;
}

function withoutQueryValues(serialized: Record<string, unknown> & { raw?: unknown }): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (QUERY_VALUE_FIELDS.has(key) || value === undefined) continue;
    if (key === 'aggregateErrors' && Array.isArray(value)) {
      safe[key] = value.filter(isSerializedError).map(withoutQueryValues);
    } else {
      safe[key] = isSerializedError(value) ? withoutQueryValues(value) : value;
    }
  }
  // The SQLSTATE (`23505`, `42P01`) of the dropped driver error says what went wrong without any value.
  const raw = serialized.raw as { code?: unknown; original?: { code?: unknown } } | undefined;
  const driverCode = raw?.original?.code;
  if (safe.code === undefined && (typeof driverCode === 'string' || typeof driverCode === 'number')) safe.code = driverCode;
  return safe;
}

/**
 * pino's standard `err` serializer (type, message, stack, causes, own fields) without the fields in which
 * database errors carry query values. Also accepts an error pino-http has already serialized.
 *
 * @example
 * pino({ serializers: { err: safeErrorSerializer } });
 * logger.child({}, { serializers: { err: safeErrorSerializer } });
 */
export function safeErrorSerializer(err: unknown): unknown {
  if (isSerializedError(err)) return withoutQueryValues(err);
  const serialized: unknown = pino.stdSerializers.err(err as Error);
  return isSerializedError(serialized) ? withoutQueryValues(serialized) : serialized;
}

/**
 * Creates the server's pino logger: JSON lines on stdout (or `destination`), with {@link REDACT_PATHS}
 * censored and errors through {@link safeErrorSerializer}, so that no token, password, cookie or query
 * value reaches a log.
 *
 * @param level - a pino level (`fatal` ... `trace`) or `silent`.
 * @param destination - where lines go. Defaults to stdout.
 * @example
 * const logger = createLogger(config.logLevel);
 * logger.info({ req: { headers: { authorization: 'Bearer pat_…' } } }, 'hello'); // authorization: "[redacted]"
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name: 'patgate' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: { err: safeErrorSerializer },
  };
  return destination ? pino(options, destination) : pino(options);
}
