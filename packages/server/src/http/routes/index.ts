import { Router } from 'express';
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
 * Every REST route, to be mounted under `/api` behind bearer authentication. Each route checks its own
 * scope with `requireScopes`; roles on streams are checked by the services.
 *
 * @example
 * app.use('/api', authenticate(verifier), apiRouter({ models, issuer, events }));
 */
export function apiRouter({ models, issuer, events }: ApiDependencies): Router {
  const router = Router();
  router.use(userRoutes(models));
  router.use(streamRoutes(models));
  router.use(collaboratorRoutes(models));
  router.use(commitRoutes(models));
  router.use(tokenRoutes(issuer, models));
  router.use(tokenEventRoutes({ models, issuer, events }));
  return router;
}
