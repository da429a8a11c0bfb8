import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Request, RequestHandler } from 'express';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's number in this process, on its log line and on every line logged through `req.log`. */
    id: number;
    /** A logger whose lines carry this request's id, method and URL (made on first use). */
    log: Logger;
  }
}

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

/** What a log line says about a request: an allow-list, so a new header or body field can never slip in. */
function describe(req: IncomingMessage & { originalUrl?: string }): { id: number; method: string | undefined; url: string } {
  return { id: req.id, method: req.method, url: safeUrl(req.originalUrl ?? req.url ?? '') };
}

/** The level of a finished request's line: error for 5xx, warn for 4xx, else info. */
function levelOf(status: number): 'error' | 'warn' | 'info' {
  if (status >= 500) return 'error';
  return status >= 400 ? 'warn' : 'info';
}

/**
 * `req.log`, made on first use: most requests never log anything but their one line, so the child logger
 * (whose bindings pino serializes when it is made) is built only for those that do. Installed once on
 * the app's request prototype, so a request pays nothing for it until it logs.
 */
function installRequestLog(prototype: object, logger: Logger): void {
  if (Object.prototype.hasOwnProperty.call(prototype, 'log')) return;
  Object.defineProperty(prototype, 'log', {
    configurable: true,
    get(this: Request) {
      const child = logger.child({ req: describe(this) });
      Object.defineProperty(this, 'log', { value: child, configurable: true, writable: true });
      return child;
    },
    set(this: Request, value: Logger) {
      Object.defineProperty(this, 'log', { value, configurable: true, writable: true });
    },
  });
}

/**
 * One log line per request with method, URL, status and time, and nothing from headers or bodies, at
 * `info` (`warn` for 4xx, `error` for 5xx), the same lines pino-http writes. It costs one pino call per
 * request: the line is built from the allow-list above and so skips the logger's redaction pass, which
 * every other line (errors through `req.log` included) still gets.
 *
 * @example
 * app.use(requestLogger(pino({ level: 'info' })));
 */
export function requestLogger(logger: Logger): RequestHandler {
  const lines = logger.child({}, { redact: { paths: [] } });
  let count = 0;
  return (req, res, next) => {
    const start = Date.now();
    req.id = ++count;
    installRequestLog(Object.getPrototypeOf(req) as object, logger);
    const done = () => {
      res.off('close', done);
      res.off('finish', done);
      const responseTime = Date.now() - start;
      if (!res.writableFinished) {
        lines.warn({ req: describe(req), responseTime }, 'request aborted');
        return;
      }
      const level = levelOf(res.statusCode);
      if (lines.isLevelEnabled(level)) {
        lines[level]({ req: describe(req), res: { statusCode: res.statusCode }, responseTime }, level === 'error' ? 'request errored' : 'request completed');
      }
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
