import { Router } from 'express';
import type { RequestHandler } from 'express';
import type { TokenIssuer } from '@patgate/middleware';
import type { Models } from '../../db/models.js';
import type { TokenEventLog } from '../../events/token-event-log.js';
import { collaboratorRoutes } from './collaborators.js';
import { commitRoutes } from './commits.js';
import { streamRoutes } from './streams.js';
import { tokenEventRoutes } from './token-events.js';
import { tokenRoutes } from './tokens.js';
import { userRoutes } from './users.js';

/** What the REST routes need from the app. */
export interface ApiDependencies {
  models: Models;
  issuer: TokenIssuer;
  /** Where token events are queued; the history route flushes it before reading. */
  events: TokenEventLog;
}

/**
 * Every REST route, to be mounted under `/api`, after `before` (bearer authentication, limits: run in
 * this router, ahead of the routes). Each route checks its own scope with `requireScopes`; roles on
 * streams are checked by the services.
 *
 * @example
 * app.use('/api', apiRouter({ models, issuer, events }, [authenticate(verifier)]));
 */
export function apiRouter({ models, issuer, events }: ApiDependencies, before: readonly RequestHandler[] = []): Router {
  // One router for every route, not one per module: each router a request enters or passes costs it a
  // walk of Express's dispatch (closures, URL restore), which a profile of GET /api/user showed.
  const router = Router();
  if (before.length > 0) router.use(...before);
  userRoutes(router, models);
  streamRoutes(router, models);
  collaboratorRoutes(router, models);
  commitRoutes(router, models);
  tokenRoutes(router, issuer, models);
  tokenEventRoutes(router, { models, issuer, events });
  return router;
}
