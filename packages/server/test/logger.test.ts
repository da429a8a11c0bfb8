import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { DatabaseError } from 'sequelize';
import { createLogger, safeErrorSerializer } from '../src/logger.js';

const MARKER = 'secret-hash-marker-91c2';

function databaseError(): DatabaseError {
  const driver = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
    code: '23505',
    sql: `INSERT INTO users VALUES ('${MARKER}')`,
    parameters: [MARKER],
    detail: `Key (email)=(${MARKER}) already exists.`,
  });
  return new DatabaseError(driver as never);
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('safeErrorSerializer', () => {
  it('keeps type, name, message, code and stack, and drops the fields holding query values', () => {
    const out = safeErrorSerializer(databaseError()) as Record<string, unknown>;
    expect(out).to.include({ type: 'DatabaseError', name: 'SequelizeDatabaseError', code: '23505' });
    expect(out.message).to.match(/^duplicate key value/);
    expect(out.stack).to.be.a('string');
    expect(out).not.to.have.any.keys('sql', 'parameters', 'original', 'parent', 'fields', 'detail');
    expect(JSON.stringify(out)).not.to.include(MARKER);
  });

  it('cleans nested errors and errors pino-http has already serialized', () => {
    const wrapper = Object.assign(new Error('sync failed'), { inner: databaseError() });
    const preSerialized = pino.stdSerializers.err(databaseError());
    for (const value of [wrapper, preSerialized]) {
      expect(JSON.stringify(safeErrorSerializer(value))).not.to.include(MARKER);
    }
    expect(safeErrorSerializer(preSerialized)).to.include({ type: 'DatabaseError', code: '23505' });
    expect(safeErrorSerializer('not an error')).to.equal('not an error');
  });

  it('is the err serializer of createLogger', () => {
    const { stream, text } = sink();
    createLogger('info', stream).error({ err: databaseError() }, 'failed');
    expect(text()).to.include('duplicate key value').and.include('23505');
    expect(text()).not.to.include(MARKER);
  });
});
