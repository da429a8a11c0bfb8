import { Router } from 'express';
import { printSchema } from 'graphql';
import type { Models } from '../db/models.js';
import { buildPatgateSchema } from '../graphql/index.js';
import type { CsrfGuard } from './csrf.js';
import { sendPage } from './layout.js';
import { explorerPage } from './pages/explorer-page.js';
import { sessionUser } from './session-auth.js';

/**
 * `GET /explorer`: the GraphQL explorer, for development (`PATGATE_GRAPHQL_EXPLORER=true`; off, the path is
 * a 404). It runs queries against `/graphql` with a token typed into the page, or with the signed-in
 * session (whose scopes are the profile page's: no streams), and shows the schema as SDL. It holds no
 * token itself and has no power of its own: `/graphql` checks every request as usual.
 *
 * @example
 * if (config.graphqlExplorer) router.use(explorerRoutes({ models, csrf }));
 */
export function explorerRoutes({ models, csrf }: { models: Models; csrf: CsrfGuard }): Router {
  const router = Router();
  const sdl = printSchema(buildPatgateSchema());
  router.get('/explorer', async (req, res) => {
    const user = await sessionUser(req, models);
    sendPage(res, 200, explorerPage({ user, csrfToken: user ? csrf.token(req, res) : undefined, sdl }));
  });
  return router;
}
