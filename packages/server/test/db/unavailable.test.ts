import { expect } from 'chai';
import { ConnectionAcquireTimeoutError, ConnectionRefusedError, DatabaseError, TimeoutError, UniqueConstraintError } from 'sequelize';
import { toErrorResponse } from '../../src/http/errors.js';
import { unavailableError } from '../../src/db/unavailable.js';

const driver = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });
const wrapped = (code: string, message?: string) => new DatabaseError(driver(code, message) as never);

describe('unavailableError', () => {
  for (const [what, error, code] of [
    ['SQLITE_BUSY', new TimeoutError(driver('SQLITE_BUSY') as never), 'database_busy'],
    ['SQLITE_FULL', wrapped('SQLITE_FULL'), 'storage_unavailable'],
    ['SQLITE_IOERR_WRITE', wrapped('SQLITE_IOERR_WRITE'), 'storage_unavailable'],
    ['SQLITE_READONLY', wrapped('SQLITE_READONLY'), 'storage_unavailable'],
    ['PostgreSQL statement timeout (57014)', wrapped('57014'), 'database_unavailable'],
    ['PostgreSQL shutting down (57P01)', wrapped('57P01'), 'database_unavailable'],
    ['PostgreSQL too many connections (53300)', wrapped('53300'), 'database_unavailable'],
    ['a refused connection', new ConnectionRefusedError(driver('ECONNREFUSED') as never), 'database_unavailable'],
    ['no pooled connection in time', new ConnectionAcquireTimeoutError(new Error('timeout') as never), 'database_unavailable'],
    ['pg read timeout', new DatabaseError(new Error('Query read timeout') as never), 'database_unavailable'],
    ['a dropped connection', new DatabaseError(new Error('Connection terminated unexpectedly') as never), 'database_unavailable'],
  ] as const) {
    it(`maps ${what} to 503 ${code} with Retry-After`, () => {
      expect(unavailableError(error)?.code).to.equal(code);
      const answer = toErrorResponse(error);
      expect(answer.status).to.equal(503);
      expect(answer.body.error.code).to.equal(code);
      expect(answer.headers['Retry-After']).to.match(/^\d+$/);
    });
  }

  it('leaves bugs and constraint errors alone (they stay what they are)', () => {
    expect(unavailableError(new Error('boom'))).to.equal(undefined);
    expect(unavailableError(wrapped('42P01'))).to.equal(undefined);
    expect(unavailableError(new UniqueConstraintError({}))).to.equal(undefined);
    expect(unavailableError('text')).to.equal(undefined);
    expect(toErrorResponse(new Error('boom')).status).to.equal(500);
  });
});
