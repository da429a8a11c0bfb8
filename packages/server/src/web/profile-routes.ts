import { Router } from 'express';
import { parseDuration } from '@patgate/middleware';
import type { TokenIssuer } from '@patgate/middleware';
import { z } from 'zod';
import type { Models } from '../db/models.js';
import { actionContext } from '../http/auth.js';
import { sendIssuedToken } from '../http/routes/tokens.js';
import { LIFESPAN_CHOICES, tokenIdSchema } from '../http/schemas.js';
import { parseRequest } from '../http/validate.js';
import { ServiceError } from '../services/errors.js';
import type { LifespanChoice } from '../http/schemas.js';
import { DEFAULT_TOKEN_LIFESPAN_MS, MAX_TOKEN_LIFESPAN_MS, SCOPES } from '../scopes.js';
import { listStreams } from '../services/streams.js';
import { CsrfError } from './csrf.js';
import type { CsrfGuard } from './csrf.js';
import { sendPage } from './layout.js';
import { profilePage } from './pages/profile-page.js';
import type { LifespanOption } from './pages/token-dialogs.js';
import { sessionUser } from './session-auth.js';

/** What the profile routes need. */
export interface ProfileRouteDependencies {
  models: Models;
  issuer: TokenIssuer;
  csrf: CsrfGuard;
  /** Decides which tokens show as expired. Defaults to `() => new Date()`. */
  now?: () => Date;
}

const rotateParams = z.object({ id: tokenIdSchema }).strict();

const LABELS: Record<LifespanChoice, string> = { '7d': '7 days', '30d': '30 days', '90d': '90 days', '1y': '1 year', never: 'Never' };

/**
 * The lifespan menu the server's policy allows: every choice up to the maximum lifespan, the default
 * preselected, and "Never" only when the policy has no maximum (today it has one, so it is not offered).
 *
 * @example
 * lifespanOptions().map((o) => o.value); // ['7d', '30d', '90d', '1y']
 */
export function lifespanOptions(): LifespanOption[] {
  const maxMs: number | null = MAX_TOKEN_LIFESPAN_MS;
  return LIFESPAN_CHOICES.filter((c) => (c === 'never' ? maxMs === null : maxMs === null || parseDuration(c) <= maxMs)).map((value) => ({
    value,
    label: LABELS[value],
    selected: value !== 'never' && parseDuration(value) === DEFAULT_TOKEN_LIFESPAN_MS,
  }));
}

/**
 * `GET /` (to the profile, or to sign-in) and `GET /profile`: the signed-in user's name, email and
 * personal access tokens (revoked ones are gone; expired ones stay, marked, until revoked).
 * `POST /profile/tokens/:id/rotate`: the page's Regenerate button, for the signed-in session only and with
 * the CSRF header; the issuer's own `rotate` (same name, scopes and expiry, the old token revoked at once),
 * answered like token creation (201, the new token once, `Cache-Control: no-store`).
 *
 * @example
 * app.use(profileRoutes({ models, issuer, csrf }));
 */
export function profileRoutes({ models, issuer, csrf, now = () => new Date() }: ProfileRouteDependencies): Router {
  const router = Router();
  const scopes = SCOPES.filter((s) => s.grantable);
  const lifespans = lifespanOptions();

  router.get('/', (req, res) => res.redirect(303, req.session?.userId ? '/profile' : '/login'));

  router.get('/profile', async (req, res) => {
    const user = await sessionUser(req, models);
    if (!user) return res.redirect(303, '/login');
    const all = await issuer.list(user.id);
    const tokens = all.filter((t) => t.revokedAt === null);
    // Revoked tokens leave the table; the 20 most recent stay reachable for their history.
    const revokedTokens = all
      .filter((t) => t.revokedAt !== null)
      .sort((a, b) => b.revokedAt!.getTime() - a.revokedAt!.getTime())
      .slice(0, 20);
    // The most recently updated 100 (a token's limit holds at most 100 streams too).
    const streams = (await listStreams(models, user.id, { limit: 100 })).items.map(({ id, name }) => ({ id, name }));
    sendPage(res, 200, profilePage({ user, tokens, revokedTokens, scopes, lifespans, streams, csrfToken: csrf.token(req, res), now: now() }));
  });

  router.post('/profile/tokens/:id/rotate', async (req, res) => {
    const user = await sessionUser(req, models);
    if (!user) throw new ServiceError(401, 'signed_out', 'You are signed out; reload the page and sign in again');
    if (!csrf.valid(req)) throw new CsrfError();
    const { id } = parseRequest(req, 'params', rotateParams);
    sendIssuedToken(res, await issuer.rotate(user.id, id, {}, actionContext(req, 'owner')));
  });

  return router;
}
