import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { RequestHandler } from 'express';
import { safeErrorSerializer } from '../logger.js';

/** Query parameters whose values are credentials, should a deployment ever accept tokens there. */
const SECRET_QUERY_PARAMS = ['access_token', 'token', 'password'];

/**
 * The URL as logged: path and query, with any credential-bearing query value replaced. Headers are never
 * logged at all, so `Authorization` and `Cookie` cannot leak through the request log.
 */
function safeUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const name of SECRET_QUERY_PARAMS) {
    if (params.has(name)) params.set(name, '[Redacted]');
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

/**
 * One log line per request with method, URL, status and time, and nothing from headers or bodies: an
 * allow-list serializer rather than redaction paths, so a new header or body field can never slip in.
 *
 * @example
 * app.use(requestLogger(pino({ level: 'info' })));
 */
export function requestLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp({
    logger,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: safeUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // pino-http makes a child with its own `err` serializer, which would replace the app logger's.
      err: safeErrorSerializer,
    },
    customLogLevel: (_req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
  });
  return (req, res, next) => middleware(req, res, next);
}
