import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { toErrorResponse } from '../http/errors.js';
import { sendPage } from './layout.js';
import { statusPage } from './pages/auth-pages.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Method not allowed',
  413: 'Too much data',
  415: 'Unsupported data',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/**
 * Whether this request should get an HTML page rather than the API's JSON body: a browser navigating
 * (its `Accept` ranks `text/html` above JSON) to anything but the API. `curl` (`*\/*`), `fetch` with
 * `Accept: application/json` and every `/api` and `/graphql` client keep JSON.
 *
 * @example
 * if (wantsPage(req)) sendPage(res, 404, statusPage('Page not found', '…'));
 */
export function wantsPage(req: Request): boolean {
  if (req.path === '/api' || req.path.startsWith('/api/') || req.path === '/graphql' || req.path.startsWith('/graphql/')) return false;
  return req.accepts(['json', 'html']) === 'html';
}

/**
 * For browsers, a page for a path no router claimed; everyone else goes on to the JSON 404.
 *
 * @example
 * app.use(web.router, pageNotFound, notFoundHandler());
 */
export const pageNotFound: RequestHandler = (req, res, next) => {
  if (!wantsPage(req)) return next();
  sendPage(res, 404, statusPage(TITLES[404]!, `There is nothing at ${req.path}.`));
};

/**
 * For browsers, any error as a page with the status, headers and message the JSON handler would have
 * given (a 500 says nothing more than "something went wrong"; the details go to the log). API clients
 * go on to the JSON error handler.
 *
 * @example
 * app.use(pageErrors, errorHandler());
 */
export const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent || !wantsPage(req)) return next(err);
  const answer = toErrorResponse(err);
  // A database that is down, busy or full is expected operation (a warn line, as the API logs it), not a bug.
  if (answer.status === 503) req.log.warn({ code: answer.body.error.code }, answer.body.error.message);
  else if (answer.status >= 500) req.log.error({ err }, 'page failed');
  const message = answer.status === 500 ? 'The server could not show this page. Try again in a moment.' : sentence(answer.body.error.message);
  res.set(answer.headers);
  sendPage(res, answer.status, statusPage(TITLES[answer.status] ?? 'Something went wrong', message));
};

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
