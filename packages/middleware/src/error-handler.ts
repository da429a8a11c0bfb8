import type { ErrorRequestHandler } from 'express';
import { isPatgateError, type PatgateError } from './errors.js';
import { requestFailure } from './request-state.js';

/**
 * The patgate error behind `err`: `err` itself when patgate raised it (from this copy of the package or
 * another), or, when `err` is the `AuthenticationError` Passport passes on under `failWithError: true`,
 * the refusal `BearerTokenStrategy` recorded on `req`. `undefined` for any other error.
 *
 * @example
 * app.use((err, req, res, next) => {
 *   const failure = patgateErrorOf(err, req);
 *   if (!failure) return next(err);
 *   res.status(failure.status).set(failure.headers).json(failure.toJSON());
 * });
 */
export function patgateErrorOf(err: unknown, req?: object): PatgateError | undefined {
  if (isPatgateError(err)) return err;
  if (req === undefined || typeof err !== 'object' || err === null) return undefined;
  const { name, status } = err as { name?: unknown; status?: unknown };
  if (name !== 'AuthenticationError') return undefined;
  const failure = requestFailure(req);
  return failure && failure.status === status ? failure : undefined;
}

/**
 * An Express error handler that answers patgate's errors as JSON `{ error: { code, message } }` with their
 * status and `WWW-Authenticate` header, and passes every other error on. Mount it after your routes. It
 * also answers Passport's `failWithError` errors for a request `BearerTokenStrategy` refused, keeping the
 * challenges of the other strategies in the list that Passport has already set.
 *
 * Without it (or a handler of your own), Express's default handler still sends the right status and
 * header, but with an HTML body, and it prints the error's stack for every 401 and 403.
 *
 * @example
 * app.use(patgateErrorHandler());
 */
export function patgateErrorHandler(): ErrorRequestHandler {
  return (err, req, res, next) => {
    const failure = patgateErrorOf(err, req);
    if (!failure || res.headersSent) return next(err);
    const headers = { ...failure.headers };
    // Passport has set every failed strategy's challenge (Bearer, Basic, …); keep them all.
    if (failure !== err && res.getHeader('WWW-Authenticate') !== undefined) delete headers['WWW-Authenticate'];
    res.status(failure.status).set(headers).json(failure.toJSON());
  };
}
