import { randomBytes } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { ServiceError } from '../services/errors.js';
import { preSessions } from './pre-session.js';
import { deriveKey } from './sessions.js';

/** The request header the profile page's script sends the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
/** The form field server-rendered forms send the CSRF token in. */
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF check failed. A 403 with code `csrf_failed`, answered as JSON by the app's error handler.
 *
 * @example
 * if (!csrf.valid(req)) throw new CsrfError();
 */
export class CsrfError extends ServiceError {
  constructor() {
    super(403, 'csrf_failed', 'This request did not come from a patgate page (missing or wrong CSRF token); reload the page and try again');
  }
}

/** What the rest of the web module needs from CSRF protection. */
export interface CsrfGuard {
  /** The token to embed in the page (form field or meta tag); sets its cookie on `res` when needed. */
  token(req: Request, res: Response): string;
  /** Whether an unsafe request carries a token matching its cookie and session. Safe methods always pass. */
  valid(req: Request): boolean;
}

/**
 * Double-submit CSRF protection (csrf-csrf): the token sits in an HttpOnly cookie and must come back in the
 * `x-csrf-token` header or the `_csrf` form field. It is an HMAC bound to the session id, so a token
 * planted by a sibling subdomain is useless. Before sign-in there is no stored session, so the sign-in
 * and sign-up forms are bound to a pre-session ({@link preSessions}): a signed cookie that lives one
 * hour, so a pair minted once works neither in another client nor after that hour (login CSRF).
 * Over TLS the cookie is `__Host-` prefixed and Secure; over plain HTTP (local use) it cannot be.
 *
 * @example
 * const csrf = csrfGuard(secret, () => new Date());
 * res.send(page({ csrfToken: csrf.token(req, res) }));
 * if (!csrf.valid(req)) throw new CsrfError();
 */
export function csrfGuard(secret: string, now: () => Date = () => new Date()): CsrfGuard {
  const key = deriveKey(secret, 'csrf');
  const pre = preSessions(deriveKey(secret, 'pre-session'), now);
  const signedIn = (req: Request) => Boolean(req.session?.userId);
  const make = (secure: boolean): DoubleCsrfUtilities =>
    doubleCsrf({
      getSecret: () => key,
      // Without a live pre-session nothing can match: a fresh random identifier each time.
      getSessionIdentifier: (req) =>
        signedIn(req) ? req.sessionID : `pre:${pre.current(req) ?? `none:${randomBytes(16).toString('hex')}`}`,
      cookieName: secure ? '__Host-patgate.csrf' : 'patgate.csrf',
      cookieOptions: { sameSite: 'strict', secure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (req) => req.get(CSRF_HEADER) ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] as string | undefined,
    });
  const overTls = make(true);
  const plain = make(false);
  const pick = (req: Request) => (req.secure ? overTls : plain);
  return {
    token: (req, res) => {
      if (!signedIn(req)) pre.ensure(req, res);
      return pick(req).generateCsrfToken(req, res);
    },
    valid: (req) => SAFE_METHODS.has(req.method) || pick(req).validateRequest(req),
  };
}
