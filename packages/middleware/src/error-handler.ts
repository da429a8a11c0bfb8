import type { ErrorRequestHandler } from 'express';
import { PatgateError } from './errors.js';

/**
 * An Express error handler that answers patgate's errors as JSON `{ error: { code, message } }` with their
 * status and `WWW-Authenticate` header, and passes every other error on. Mount it after your routes.
 * Without it, Express's default handler still sends the right status and header, with an HTML body.
 *
 * @example
 * app.use(patgateErrorHandler());
 */
export function patgateErrorHandler(): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (!(err instanceof PatgateError) || res.headersSent) return next(err);
    // Written directly rather than through res.json: a refusal needs no ETag (Express would hash the body
    // for one) and no content negotiation, and a flood of them must cost no more than a bare route. Node
    // adds Content-Length, and leaves the body out of an answer to HEAD.
    res.statusCode = err.status;
    for (const name in err.headers) res.setHeader(name, err.headers[name]!);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(err.toJSON()));
  };
}
