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
 * Creates the server's pino logger: JSON lines on stdout (or `destination`), with {@link REDACT_PATHS}
 * censored so that no token, password or cookie reaches a log.
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
  };
  return destination ? pino(options, destination) : pino(options);
}
