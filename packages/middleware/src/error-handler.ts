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
    res.status(err.status).set(err.headers).json(err.toJSON());
  };
}
