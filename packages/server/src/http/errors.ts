import { patgateErrorOf } from '@patgate/middleware';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { unavailableError } from '../db/unavailable.js';
import { ServiceError } from '../services/errors.js';

/** The JSON body of every error answer: `{ error: { code, message } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

const body = (code: string, message: string): ErrorBody => ({ error: { code, message } });

/** Names the field a zod issue is about, e.g. `body.name`, so the caller knows what to fix. */
function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/**
 * body-parser errors a client causes. Most carry a `type`; a body that cannot be decoded (junk under
 * `content-encoding: gzip`, a truncated deflate stream) carries only its 400 status and zlib's code, and
 * must not become a 500 with an error-level stack that any anonymous client can write into the log.
 */
function bodyParserError(err: unknown): ErrorResponse | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  switch ((err as { type?: unknown }).type) {
    case 'entity.parse.failed':
      return { status: 400, headers: {}, body: body('invalid_json', 'The request body is not valid JSON') };
    case 'entity.too.large': {
      // Each parser has its own limit (100 kB for JSON, 1 MB for secret-scanning reports); name the one hit.
      const limit = (err as { limit?: unknown }).limit;
      const kB = typeof limit === 'number' ? Math.round(limit / 1024) : 100;
      return { status: 413, headers: {}, body: body('payload_too_large', `The request body is larger than ${kB >= 1024 ? `${kB / 1024} MB` : `${kB} kB`}`) };
    }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, headers: {}, body: body('unsupported_media_type', 'Unsupported body encoding') };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, headers: {}, body: body('bad_request', 'The request body was incomplete') };
    default:
      return isUndecodableBody(err)
        ? { status: 400, headers: {}, body: body('bad_request', 'The request body could not be decoded (corrupt compressed data or bad encoding)') }
        : undefined;
  }
}

/** A 400 from body-parser (an http-errors error, `expose` set) wrapping a decompression or decoding failure. */
function isUndecodableBody(err: object): boolean {
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return status === 400 && expose === true;
}

/**
 * Turns any thrown value into the status, headers and body the client sees. Only errors we raised on
 * purpose say what went wrong; everything else is a generic 500 so stack traces and SQL never leak.
 *
 * @example
 * toErrorResponse(new ZodError([])).status; // 400
 */
export function toErrorResponse(err: unknown, req?: object): ErrorResponse {
  // `req` lets a Passport `failWithError` refusal be answered with the strategy's own RFC 6750 error.
  const patgate = patgateErrorOf(err, req);
  if (patgate) {
    return { status: patgate.status, headers: { ...patgate.headers }, body: body(patgate.code, patgate.message) };
  }
  // A database that is down, busy or out of space is a 503 the client may retry, never a 500.
  const service = err instanceof ServiceError ? err : unavailableError(err);
  if (service) {
    return { status: service.status, headers: { ...service.headers }, body: body(service.code, service.message) };
  }
  if (err instanceof ZodError) {
    return { status: 400, headers: {}, body: body('bad_request', describeZodError(err)) };
  }
  return (
    bodyParserError(err) ?? {
      status: 500,
      headers: {},
      body: body('internal_error', 'Something went wrong on our side'),
    }
  );
}

/**
 * The app's one error handler: every failure, from the bearer strategy to a route, ends here and is
 * answered as JSON. Unexpected errors are logged with their stack, which stays out of the response.
 *
 * @example
 * app.use(errorHandler());
 */
export function errorHandler(): ErrorRequestHandler {
  return (err, req, res, next) => {
    // Once streaming has started, only Express can end the response (by closing the socket).
    if (res.headersSent) {
      next(err);
      return;
    }
    const answer = toErrorResponse(err, req);
    if (answer.status === 503) req.log.warn({ code: answer.body.error.code, cause: causeOf(err) }, answer.body.error.message);
    else if (answer.status >= 500) req.log.error({ err }, 'unhandled error');
    // Written directly rather than through res.json: an error answer needs no ETag (Express would hash the
    // body for one) and no freshness check, and a flood of refusals must stay cheap. Node adds
    // Content-Length and leaves the body out of an answer to HEAD.
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(answer.body));
  };
}

/** The driver's error code or message behind a 503, for the log line: never the query or its values. */
function causeOf(err: unknown): string {
  const driver = (err as { original?: { code?: unknown; message?: unknown } } | undefined)?.original;
  const code = driver?.code ?? (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : typeof err;
}

/**
 * Answers any path no router claimed with a JSON 404, so API clients never get Express's HTML page.
 *
 * @example
 * app.use(notFoundHandler());
 */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json(body('not_found', `No route for ${req.method} ${req.path}`));
  };
}
