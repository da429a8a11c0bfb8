/**
 * The route tests' harness: `withApi(kind)` gives each `describe` a migrated database (SQLite or
 * PostgreSQL, from the data layer's `withDatabase`), an app from `createApp` on it with an injected clock
 * and captured logs, and shortcuts to create users and tokens through the real services and issuer.
 */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { beforeEach } from 'mocha';
import request from 'supertest';
import type { Response } from 'supertest';
import { createApp } from '../../src/app.js';
import type { AppOptions, PatgateApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import type { ServerRole } from '../../src/db/models.js';
import { createStream } from '../../src/services/streams.js';
import type { StreamInfo } from '../../src/services/streams.js';
import { createUser } from '../../src/services/users.js';
import type { UserRecord } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import type { DatabaseKind, TestDatabase } from '../helpers/db.js';

export { DATABASE_KINDS } from '../helpers/db.js';

/** At least 32 bytes, as the verifier and issuer demand. */
export const TEST_SECRET = 'test-pepper-0123456789abcdefghijklmnopqrstuvwxyz';

/** The challenge of a request without any token. */
export const NO_TOKEN = 'Bearer realm="patgate"';

/** Matches the challenge of a 403 that names exactly these scopes. */
export function missingScope(...scopes: string[]): RegExp {
  const escaped = scopes.join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^Bearer realm="patgate", error="insufficient_scope", .*scope="${escaped}"$`);
}

/** A clock the test moves by hand, so expiry is tested without sleeping. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

function makeClock(): TestClock {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

/** A user with a token, as most tests need them. */
export interface Actor {
  user: UserRecord;
  token: string;
  /** `Authorization` header value. */
  auth: string;
}

/** What {@link withApi} hands each test. Fields are valid inside tests and hooks only. */
export interface ApiHarness {
  readonly app: PatgateApp;
  readonly db: TestDatabase;
  readonly clock: TestClock;
  /** Every log line written since the test began, as raw JSON text. */
  readonly logs: string[];
  /** A supertest agent on the app. */
  http(): request.Agent;
  makeUser(name: string, options?: { serverRole?: ServerRole; password?: string }): Promise<UserRecord>;
  makeToken(user: UserRecord, scopes: readonly string[], lifespanMs?: number): Promise<string>;
  /** A new user holding a token with `scopes`. */
  actor(name: string, scopes: readonly string[], options?: { serverRole?: ServerRole }): Promise<Actor>;
  makeStream(owner: UserRecord, input?: { name?: string; isPublic?: boolean }): Promise<StreamInfo>;
}

/**
 * Registers hooks that open a migrated database of `kind` and build an app on it; every test starts with
 * empty tables, a fresh clock and no logs. PostgreSQL unreachable skips the suite (fails under `CI`).
 *
 * @example
 * for (const kind of DATABASE_KINDS) describe(`GET /api/user on ${kind}`, () => {
 *   const api = withApi(kind);
 *   it('answers', async () => {
 *     const ada = await api.actor('ada', ['profile:read']);
 *     await api.http().get('/api/user').set('Authorization', ada.auth).expect(200);
 *   });
 * });
 */
export function withApi(kind: DatabaseKind, options: Partial<AppOptions> = {}): ApiHarness {
  const db = withDatabase(kind);
  let app: PatgateApp | undefined;
  let clock = makeClock();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });

  beforeEach(async () => {
    await db.truncate();
    logs.length = 0;
    clock = makeClock();
    const current = clock;
    app = createApp({
      sequelize: db.sequelize,
      models: db.models,
      secret: TEST_SECRET,
      logger: createLogger('info', sink),
      now: () => current.now(),
      ...options,
    });
  });

  const getApp = (): PatgateApp => {
    if (!app) throw new Error('withApi: the app is built in beforeEach; use it inside tests');
    return app;
  };

  const harness: ApiHarness = {
    get app() { return getApp(); },
    db,
    get clock() { return clock; },
    logs,
    http: () => request.agent(getApp()),
    makeUser: (name, options = {}) =>
      createUser(db.models, {
        email: `${name}@example.com`,
        name,
        password: options.password ?? null,
        serverRole: options.serverRole ?? 'server:user',
      }),
    async makeToken(user, scopes, lifespanMs) {
      const issued = await getApp().locals.patgate.issuer.create({ ownerId: user.id, name: 'test', scopes, lifespanMs });
      return issued.token;
    },
    async actor(name, scopes, options = {}) {
      const user = await harness.makeUser(name, options);
      const token = await harness.makeToken(user, scopes);
      return { user, token, auth: `Bearer ${token}` };
    },
    makeStream: (owner, input = {}) =>
      createStream(db.models, owner.id, { name: input.name ?? 'stream', isPublic: input.isPublic ?? false }),
  };
  return harness;
}

function codeFromChallenge(challenge: string): string {
  return /error="([^"]+)"/.exec(challenge)?.[1] ?? 'token_required';
}

/**
 * Asserts a failure completely: the status, the `WWW-Authenticate` header (exact text, a pattern, or
 * `null` for none), and the `{ error: { code, message } }` body. The code defaults to the challenge's
 * `error=` (or `token_required` for a bare challenge) and must be given when there is no challenge.
 *
 * @example
 * expectFailsWith(await api.http().get('/api/user'), 401, NO_TOKEN);
 * expectFailsWith(res, 404, null, 'not_found');
 */
export function expectFailsWith(
  res: Response,
  status: number,
  wwwAuthenticate: string | RegExp | null,
  code?: string,
): void {
  const header = res.headers['www-authenticate'] as string | undefined;
  const context = `${res.status} ${JSON.stringify(res.body)} www-authenticate=${header}`;
  expect(res.status, context).to.equal(status);
  if (wwwAuthenticate === null) expect(header, context).to.equal(undefined);
  else if (typeof wwwAuthenticate === 'string') expect(header, context).to.equal(wwwAuthenticate);
  else expect(header, context).to.match(wwwAuthenticate);

  const expectedCode = code ?? (wwwAuthenticate === null ? undefined : codeFromChallenge(header ?? ''));
  if (expectedCode === undefined) throw new Error('expectFailsWith: give the expected code when there is no challenge');
  expect(res.body, context).to.have.nested.property('error.code', expectedCode);
  expect(res.body.error.message, context).to.be.a('string').and.not.equal('');
  expect(Object.keys(res.body), context).to.deep.equal(['error']);
}

/** A cursor as a client could forge one: base64url of any JSON value. */
export function forgedCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The first instant of year 1, the earliest time a cursor may hold (PostgreSQL cannot read earlier ones). */
export const EARLIEST_CURSOR_MS = Date.parse('0001-01-01T00:00:00Z');

/**
 * Well-formed cursors a list never hands out, given a valid id of its kind and one of the other kind (a
 * token id for streams, a UUID for tokens): times outside `Date`'s range (an Invalid Date that PostgreSQL
 * refuses and SQLite compares as garbage), years before 1 (which PostgreSQL cannot parse), and ids that
 * no item of this list can have.
 */
export function tamperedCursors(validId: string, otherKindId: string): string[] {
  return [
    'WzkwMDcxOTkyNTQ3NDA5OTEsIngiXQ', // [9007199254740991,"x"], the reviewer's
    forgedCursor([Number.MAX_SAFE_INTEGER, validId]),
    forgedCursor([8.64e15 + 1, validId]),
    forgedCursor([-8.64e15, validId]),
    forgedCursor([EARLIEST_CURSOR_MS - 1, validId]),
    forgedCursor([1.5, validId]),
    forgedCursor([0, otherKindId]),
    forgedCursor([0, "' OR 1=1 --"]),
    forgedCursor([0, '']),
    forgedCursor([0, 42]),
    forgedCursor([0, validId, 1]),
  ];
}

/** Asserts a 400 whose message names `cursor`, so the client knows which parameter to drop. */
export function expectBadCursor(res: Response, cursor: string): void {
  expectFailsWith(res, 400, null, 'bad_request');
  expect(res.body.error.message, cursor).to.match(/cursor/);
}
