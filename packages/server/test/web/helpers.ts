/**
 * The web tests' harness: `withWeb(kind, options)` gives each `describe` a migrated database and, before
 * every test, empty tables and a fresh app from `createApp` (so rate-limit counters start at zero).
 * `signIn` drives the real sign-in form the way a browser does: fetch the page, read the CSRF field, post.
 */
import { expect } from 'chai';
import { beforeEach } from 'mocha';
import request from 'supertest';
import type { Response } from 'supertest';
import { createApp } from '../../src/app.js';
import type { AppOptions, PatgateApp } from '../../src/app.js';
import { createUser } from '../../src/services/users.js';
import type { UserRecord } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import type { DatabaseKind, TestDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';

export { DATABASE_KINDS } from '../helpers/db.js';

/** The password every test user gets. */
export const PASSWORD = 'correct horse battery staple';

/** What {@link withWeb} hands each test; valid inside tests and hooks only. */
export interface WebHarness {
  readonly app: PatgateApp;
  readonly db: TestDatabase;
  /** A supertest agent: keeps cookies between requests, like a browser. */
  agent(): request.Agent;
  makeUser(name: string): Promise<UserRecord>;
}

/**
 * Registers hooks that open a database of `kind` and build a fresh app before each test.
 *
 * @example
 * describe('sign-in', () => {
 *   const web = withWeb('sqlite');
 *   it('works', async () => { await web.makeUser('ada'); await signIn(web.agent(), 'ada@example.com'); });
 * });
 */
export function withWeb(kind: DatabaseKind, options: Partial<AppOptions> = {}): WebHarness {
  const db = withDatabase(kind);
  let app: PatgateApp | undefined;
  beforeEach(async () => {
    await db.truncate();
    app = createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, ...options });
  });
  const getApp = () => {
    if (!app) throw new Error('withWeb: the app is built in beforeEach; use it inside tests');
    return app;
  };
  return {
    get app() { return getApp(); },
    db,
    agent: () => request.agent(getApp()),
    makeUser: (name) => createUser(db.models, { email: `${name}@example.com`, name, password: PASSWORD }),
  };
}

/**
 * The CSRF token a page embeds (the meta tag of signed-in pages, or a form's hidden field).
 *
 * @example
 * const token = csrfFrom((await agent.get('/profile')).text);
 */
export function csrfFrom(page: string): string {
  const match = /name="csrf-token" content="([^"]+)"/.exec(page) ?? /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error(`no CSRF token in the page:\n${page.slice(0, 500)}`);
  return match[1];
}

/**
 * Signs in through the form and returns the form's answer (303 to /profile when it worked).
 *
 * @example
 * expect((await signIn(agent, 'ada@example.com')).status).to.equal(303);
 */
export async function signIn(agent: request.Agent, email: string, password = PASSWORD): Promise<Response> {
  const page = await agent.get('/login').expect(200);
  return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password });
}

/**
 * Signs in (asserting it worked) and returns the CSRF token of the profile page, ready for API calls.
 *
 * @example
 * const csrf = await signedIn(agent, 'ada@example.com');
 * await agent.post('/api/tokens').set('x-csrf-token', csrf).send({ name: 'CI', scopes: ['streams:read'] });
 */
export async function signedIn(agent: request.Agent, email: string): Promise<string> {
  const res = await signIn(agent, email);
  expect(res.status, res.text.slice(0, 300)).to.equal(303);
  expect(res.headers.location).to.equal('/profile');
  return csrfFrom((await agent.get('/profile').expect(200)).text);
}

/**
 * The `Set-Cookie` line for one cookie, or undefined.
 *
 * @example
 * expect(setCookie(res, 'patgate.sid')).to.match(/HttpOnly/);
 */
export function setCookie(res: Response, name: string): string | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return header?.find((line) => line.startsWith(`${name}=`));
}
