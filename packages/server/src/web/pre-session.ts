import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** How long a sign-in or sign-up form stays usable after the page was loaded: one hour. */
export const PRE_SESSION_TTL_MS = 60 * 60_000;

/** A pre-session is renewed when a page is loaded with less than this much of its life left. */
const RENEW_BELOW_MS = PRE_SESSION_TTL_MS / 2;

const ISSUED = Symbol('patgate.pre-session');

/** What {@link preSessions} returns. */
export interface PreSessions {
  /**
   * The id of this request's live pre-session, minting one (and its cookie) when there is none or it
   * is about to end. For pages that embed a form.
   */
  ensure(req: Request, res: Response): string;
  /** The id of this request's live pre-session, or `undefined` when its cookie is missing, forged or too old. */
  current(req: Request): string | undefined;
}

/**
 * Short-lived, signed values that stand in for a session before sign-in, so the sign-in and sign-up
 * forms' CSRF tokens are bound to one browser for one hour rather than to a constant. The cookie holds
 * `<random id>.<issued at, ms>.<HMAC>`; nothing is stored on the server. A pair (CSRF cookie and token)
 * copied to another client lacks that client's pre-session, and one kept longer than
 * {@link PRE_SESSION_TTL_MS} has none that is live, so both are refused.
 *
 * @example
 * const pre = preSessions(deriveKey(secret, 'pre-session'), () => new Date());
 * const id = pre.ensure(req, res); // bind the form's CSRF token to `id`
 */
export function preSessions(key: string, now: () => Date): PreSessions {
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  const cookieName = (req: Request) => (req.secure ? '__Host-patgate.pre' : 'patgate.pre');

  // The live pre-session's id and issue time, from a cookie minted earlier in this request or sent by the client.
  const read = (req: Request): { id: string; issuedAt: number } | undefined => {
    const minted = (req as { [ISSUED]?: { id: string; issuedAt: number } })[ISSUED];
    if (minted) return minted;
    const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[cookieName(req)];
    if (typeof value !== 'string') return undefined;
    const [id, issued, mac] = value.split('.');
    if (!id || !issued || !mac || !/^\d{1,15}$/.test(issued)) return undefined;
    const expected = Buffer.from(sign(`${id}.${issued}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const issuedAt = Number(issued);
    const age = now().getTime() - issuedAt;
    return age >= 0 && age < PRE_SESSION_TTL_MS ? { id, issuedAt } : undefined;
  };

  return {
    current: (req) => read(req)?.id,
    ensure(req, res) {
      const live = read(req);
      if (live && now().getTime() - live.issuedAt < PRE_SESSION_TTL_MS - RENEW_BELOW_MS) return live.id;
      const fresh = { id: randomBytes(18).toString('base64url'), issuedAt: now().getTime() };
      Object.defineProperty(req, ISSUED, { value: fresh, configurable: true });
      res.cookie(cookieName(req), `${fresh.id}.${fresh.issuedAt}.${sign(`${fresh.id}.${fresh.issuedAt}`)}`, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.secure,
        path: '/',
        maxAge: PRE_SESSION_TTL_MS,
      });
      return fresh.id;
    },
  };
}
