import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../../src/logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts credentials in headers, bodies and nested fields', () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      {
        req: {
          headers: { authorization: 'Bearer pat_secret', cookie: 'sid=abc', accept: 'application/json' },
          body: { access_token: 'pat_body', name: 'ok' },
        },
        res: { headers: { 'set-cookie': 'sid=abc' } },
        user: { email: 'a@example.com', password: 'hunter2' },
        issued: { token: 'pat_issued' },
        password: 'top-level',
      },
      'request',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['pat_secret', 'sid=abc', 'pat_body', 'hunter2', 'pat_issued', 'top-level']) {
      expect(text).not.to.include(secret);
    }
    expect(text).to.include('application/json').and.include('a@example.com').and.include('[redacted]');
  });

  it('honours the level', () => {
    const { stream, lines } = capture();
    const logger = createLogger('warn', stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(lines().map((line) => line.msg)).to.deep.equal(['shown']);
  });

  it('writes nothing when silent', () => {
    const { stream } = capture();
    const logger = createLogger('silent', stream);
    logger.error('nothing');
    expect(logger.isLevelEnabled('fatal')).to.equal(false);
  });
});
