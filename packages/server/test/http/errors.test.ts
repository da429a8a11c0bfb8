import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { DatabaseError, UniqueConstraintError, ValidationErrorItem } from 'sequelize';
import { createApp } from '../../src/app.js';
import type { PatgateApp } from '../../src/app.js';
import { DATABASE_KINDS, TEST_SECRET, expectFailsWith, withApi } from './helpers.js';
import type { ApiHarness } from './helpers.js';

/** A value only a leak could put in a log: it stands for a password hash, an email or a token hash. */
const MARKER = 'scrypt$leak-marker-7f3a';
const MESSAGE = 'relation stream_acl does not exist';

/** Database errors as Sequelize throws them, with the marker wherever they carry query values. */
function databaseErrors(): Error[] {
  const driverError = (message: string) =>
    Object.assign(new Error(message), {
      code: '42P01',
      sql: `SELECT * FROM users WHERE "passwordHash" = '${MARKER}'`,
      parameters: [MARKER, 'ada@example.com'],
      detail: `Key (email)=(${MARKER}) already exists.`,
    });
  const unique = new UniqueConstraintError({
    message: MESSAGE,
    parent: driverError(MESSAGE) as never,
    fields: { email: MARKER },
    errors: [
      // The item carries the value and the whole model instance, password hash included.
      new ValidationErrorItem('email must be unique', 'unique violation', 'email', MARKER, { passwordHash: MARKER } as never, 'not_unique', 'unique', []),
    ],
  });
  return [new DatabaseError(driverError(MESSAGE) as never), unique];
}

/** Makes the stream list fail with `error` for the duration of `run`. */
async function whileListingFails(api: ApiHarness, error: Error, run: () => Promise<void>): Promise<void> {
  const acl = api.db.models.StreamAcl as unknown as { findAll: () => Promise<never> };
  acl.findAll = () => Promise.reject(error);
  try {
    await run();
  } finally {
    delete (acl as { findAll?: unknown }).findAll;
  }
}

function expectSafeLog(text: string): void {
  expect(text).to.include(MESSAGE);
  expect(text).to.include('42P01');
  for (const leak of [MARKER, 'ada@example.com', '"parameters"', '"sql"', '"original"', '"parent"', '"fields"']) {
    expect(text, leak).not.to.include(leak);
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`error logs on ${kind}`, function () {
    const api = withApi(kind);

    /** The harness app (createLogger) and an app given a plain pino logger, which createApp must wrap. */
    function apps(): { app: PatgateApp; logs: () => string }[] {
      const plain: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void plain.push(line) });
      const wrapped = createApp({ sequelize: api.db.sequelize, models: api.db.models, secret: TEST_SECRET, logger });
      return [
        { app: api.app, logs: () => api.logs.join('') },
        { app: wrapped, logs: () => plain.join('') },
      ];
    }

    it('logs a database error under REST with its message and SQLSTATE, never its query values', async () => {
      const ada = await api.actor('ada', ['streams:read']);
      for (const { app, logs } of apps()) {
        for (const error of databaseErrors()) {
          await whileListingFails(api, error, async () => {
            expectFailsWith(await request(app).get('/api/streams').set('Authorization', ada.auth), 500, null, 'internal_error');
          });
          expectSafeLog(logs());
        }
      }
    });

    it('logs a database error under GraphQL the same way', async () => {
      const ada = await api.actor('ada', ['streams:read']);
      for (const { app, logs } of apps()) {
        for (const error of databaseErrors()) {
          await whileListingFails(api, error, async () => {
            const res = await request(app).post('/graphql').set('Authorization', ada.auth).send({ query: '{ streams { totalCount } }' });
            expect(res.body.errors?.[0]?.extensions?.code).to.equal('INTERNAL_SERVER_ERROR');
          });
          expect(logs()).to.include('unhandled error in a GraphQL resolver');
          expectSafeLog(logs());
        }
      }
    });
  });
}
