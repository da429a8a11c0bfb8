import { createHmac } from 'node:crypto';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import connectSessionSequelize from 'connect-session-sequelize';
import type { RequestHandler } from 'express';
import type { Sequelize } from 'sequelize';
import { HashedSidStore } from './hashed-sid-store.js';

declare module 'express-session' {
  interface SessionData {
    /** Set once the password matched; a session without it is anonymous and never saved. */
    userId: string;
  }
}

/** The session cookie's name. Not express-session's default `connect.sid`, which names the framework. */
export const SESSION_COOKIE = 'patgate.sid';

/** A signed-in session lasts a week from sign-in, then the user signs in again. */
export const SESSION_MAX_AGE_MS = 7 * 86_400_000;

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
}

/**
 * Cookie parsing and express-session with sessions stored in the server's database (so every instance
 * behind a load balancer sees them). The cookie is `HttpOnly`, `SameSite=Lax` (a link from elsewhere
 * arrives signed in; a cross-site POST does not carry it) and `Secure` whenever the request came over
 * TLS, as Express's `trust proxy` setting judges it. Nothing is stored until someone signs in. Rows are
 * keyed by an HMAC of the session id ({@link HashedSidStore}), so the database alone holds no usable id.
 *
 * @example
 * app.use(sessionMiddleware({ sequelize, secret }));
 * app.get('/whoami', (req, res) => res.json({ userId: req.session.userId ?? null }));
 */
export function sessionMiddleware({ sequelize, secret }: SessionSetup): RequestHandler[] {
  const SequelizeStore = connectSessionSequelize(session.Store);
  // The table is created by migration 0002; the store's own sync() is never called.
  const rows = new SequelizeStore({ db: sequelize, checkExpirationInterval: SWEEP_INTERVAL_MS, expiration: SESSION_MAX_AGE_MS });
  const store = new HashedSidStore(rows, deriveKey(secret, 'session-id'));
  return [
    cookieParser(),
    session({
      name: SESSION_COOKIE,
      secret: deriveKey(secret, 'session'),
      store,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: SESSION_MAX_AGE_MS },
    }),
  ];
}
