import { createHmac } from 'node:crypto';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import connectSessionSequelize from 'connect-session-sequelize';
import type { RequestHandler } from 'express';
import type { Sequelize } from 'sequelize';
import { HashedSidStore } from './hashed-sid-store.js';
import { DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_MAX_AGE_MS, SessionLifetimeStore } from './session-lifetime.js';

export { DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_MAX_AGE_MS } from './session-lifetime.js';

declare module 'express-session' {
  interface SessionData {
    /** Set once the password matched; a session without it is anonymous and never saved. */
    userId: string;
  }
}

/** The session cookie's name. Not express-session's default `connect.sid`, which names the framework. */
export const SESSION_COOKIE = 'patgate.sid';

/** How often the store deletes expired session rows. */
const SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * A key for one purpose, derived from the server secret, so the session signature, the CSRF HMAC and the
 * token pepper never share a key even though operators configure only `PATGATE_SECRET`.
 *
 * @example
 * const csrfKey = deriveKey(secret, 'csrf');
 */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`patgate:${purpose}`).digest('base64url');
}

/** Inputs of {@link sessionMiddleware}. */
export interface SessionSetup {
  /** The server's migrated database; the `Sessions` table comes from its migrations. */
  sequelize: Sequelize;
  /** The server secret; the cookie signature key and the key session ids are stored under derive from it. */
  secret: string;
  /** Milliseconds from sign-in after which a session is refused, however active. Defaults to 7 days. */
  maxAgeMs?: number | undefined;
  /** Milliseconds without a request after which a session is refused. Defaults to 24 hours. */
  idleMs?: number | undefined;
  /** The clock both lifetimes are measured by. Defaults to `() => new Date()`. */
  now?: (() => Date) | undefined;
}

/**
 * Cookie parsing and express-session with sessions stored in the server's database (so every instance
 * behind a load balancer sees them). The cookie is `HttpOnly`, `SameSite=Lax` (a link from elsewhere
 * arrives signed in; a cross-site POST does not carry it) and `Secure` whenever the request came over
 * TLS, as Express's `trust proxy` setting judges it. Nothing is stored until someone signs in. Rows are
 * keyed by an HMAC of the session id ({@link HashedSidStore}), so the database alone holds no usable id.
 * Every load checks the absolute and the idle lifetime ({@link SessionLifetimeStore}); the browser's
 * cookie is set once, at sign-in, to expire with the absolute lifetime.
 *
 * @example
 * app.use(sessionMiddleware({ sequelize, secret }));
 * app.get('/whoami', (req, res) => res.json({ userId: req.session.userId ?? null }));
 */
export function sessionMiddleware(setup: SessionSetup): RequestHandler[] {
  const { sequelize, secret } = setup;
  const maxAgeMs = setup.maxAgeMs ?? DEFAULT_SESSION_MAX_AGE_MS;
  const idleMs = setup.idleMs ?? DEFAULT_SESSION_IDLE_MS;
  const SequelizeStore = connectSessionSequelize(session.Store);
  // The table is created by migration 0002; the store's own sync() is never called.
  const rows = new SequelizeStore({ db: sequelize, checkExpirationInterval: SWEEP_INTERVAL_MS, expiration: Math.min(maxAgeMs, idleMs) });
  const store = new SessionLifetimeStore(new HashedSidStore(rows, deriveKey(secret, 'session-id')), {
    maxAgeMs,
    idleMs,
    now: setup.now ?? (() => new Date()),
  });
  return [
    cookieParser(),
    session({
      name: SESSION_COOKIE,
      secret: deriveKey(secret, 'session'),
      store,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: maxAgeMs },
    }),
  ];
}
