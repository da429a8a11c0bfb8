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
    // Passport has set every failed strategy's challenge (Bearer, Basic, …); keep them all.
    const keepChallenges = failure !== err && res.getHeader('WWW-Authenticate') !== undefined;
    // Written directly rather than through res.json: a refusal needs no ETag (Express would hash the body
    // for one) and no content negotiation, and a flood of them must cost no more than a bare route. Node
    // adds Content-Length, and leaves the body out of an answer to HEAD.
    res.statusCode = failure.status;
    for (const [name, value] of Object.entries(failure.headers)) {
      if (!(keepChallenges && name === 'WWW-Authenticate')) res.setHeader(name, value);
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(failure.toJSON()));
  };
}
