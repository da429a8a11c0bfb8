import { Router } from 'express';
import type { TokenIssuer } from '@patgate/middleware';
import { z } from 'zod';
import type { Models } from '../db/models.js';
import type { TokenEventLog } from '../events/token-event-log.js';
import { tokenIdSchema } from '../http/schemas.js';
import { BadInputError, NotFoundError } from '../services/errors.js';
import { listTokenEvents } from '../services/token-events.js';
import type { CsrfGuard } from './csrf.js';
import { sendPage } from './layout.js';
import { statusPage } from './pages/auth-pages.js';
import { tokenHistoryPage } from './pages/token-history-page.js';
import { sessionUser } from './session-auth.js';

/** What the history page needs. */
export interface TokenHistoryDependencies {
  models: Models;
  issuer: TokenIssuer;
  events: TokenEventLog;
  csrf: CsrfGuard;
}

const PAGE_SIZE = 50;
const querySchema = z.object({ cursor: z.string().min(1).max(500).optional() });

/**
 * `GET /profile/tokens/:id/history`: one token's history for its signed-in owner, 50 events a page. Someone
 * else's token, an unknown id or a bad cursor is the same "not found" page, so ids cannot be probed.
 *
 * @example
 * router.use(tokenHistoryRoutes({ models, issuer, events, csrf }));
 */
export function tokenHistoryRoutes({ models, issuer, events, csrf }: TokenHistoryDependencies): Router {
  const router = Router();
  router.get('/profile/tokens/:id/history', async (req, res) => {
    const user = await sessionUser(req, models);
    if (!user) return res.redirect(303, '/login');
    const id = tokenIdSchema.safeParse(req.params.id);
    const query = querySchema.safeParse(req.query);
    const notFound = () => sendPage(res, 404, statusPage('Token not found', 'No token of yours has this id.'));
    if (!id.success || !query.success) return notFound();
    let page;
    try {
      page = await listTokenEvents({ models, issuer, events }, user.id, id.data, { limit: PAGE_SIZE, cursor: query.data.cursor });
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof BadInputError) return notFound();
      throw error;
    }
    const token = await issuer.get(user.id, id.data);
    const olderHref = page.cursor ? `/profile/tokens/${id.data}/history?cursor=${encodeURIComponent(page.cursor)}` : null;
    sendPage(
      res,
      200,
      tokenHistoryPage({
        user,
        csrfToken: csrf.token(req, res),
        token: { id: id.data, name: token?.name ?? null },
        events: page.items,
        totalCount: page.totalCount,
        olderHref,
      }),
    );
  });
  return router;
}
