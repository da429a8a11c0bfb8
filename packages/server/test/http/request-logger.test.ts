import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../../src/logger.js';
import { requestLogger } from '../../src/http/request-logger.js';

/** An app behind the request logger, writing to an array of parsed lines. */
function loggedApp(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const app = express();
  app.use(requestLogger(logger));
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/missing', (_req, res) => void res.status(404).json({}));
  app.get('/broken', (req, res) => {
    req.log.error({ err: Object.assign(new Error('boom'), { token: 'pat_leaked' }) }, 'unhandled error');
    res.status(500).json({});
  });
  return { app, lines };
}

describe('requestLogger', () => {
  it('writes one line per request: id, method, URL with credentials replaced, status and time', async () => {
    const { app, lines } = loggedApp();
    await request(app).get('/ok?access_token=pat_query&page=2').set('Authorization', 'Bearer pat_header').expect(200);
    await request(app).get('/ok').expect(200);
    expect(lines).to.have.length(2);
    const [first, second] = lines as [Record<string, unknown>, Record<string, unknown>];
    expect(first).to.include({ level: 30, msg: 'request completed' });
    expect(first.req).to.deep.equal({ id: 1, method: 'GET', url: '/ok?access_token=%5BRedacted%5D&page=2' });
    expect(first.res).to.deep.equal({ statusCode: 200 });
    expect(first.responseTime).to.be.a('number');
    expect((second.req as { id: number }).id).to.equal(2);
    expect(JSON.stringify(lines)).not.to.match(/pat_query|pat_header/);
  });

  it('logs 4xx at warn and 5xx at error, and lines through req.log carry the request and stay redacted', async () => {
    const { app, lines } = loggedApp();
    await request(app).get('/missing').expect(404);
    await request(app).get('/broken').expect(500);
    expect(lines.map((line) => [line.level, line.msg])).to.deep.equal([
      [40, 'request completed'],
      [50, 'unhandled error'],
      [50, 'request errored'],
    ]);
    const unhandled = lines[1]!;
    expect(unhandled.req).to.deep.equal({ id: 2, method: 'GET', url: '/broken' });
    expect((unhandled.err as { message: string }).message).to.equal('boom');
    expect(JSON.stringify(lines)).not.to.include('pat_leaked');
  });

  it('honours the level, and says when the client went away before the answer', async () => {
    const quiet = loggedApp('warn');
    await request(quiet.app).get('/ok').expect(200);
    expect(quiet.lines).to.deep.equal([]);

    const { app, lines } = loggedApp();
    let arrived!: () => void;
    const handling = new Promise<void>((resolve) => (arrived = resolve));
    app.get('/never', () => arrived()); // never answers
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${port}/never`, { signal: controller.signal }).catch(() => undefined);
    await handling;
    controller.abort();
    await pending;
    for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    server.close();
    expect(lines.map((line) => [line.level, line.msg])).to.deep.equal([[40, 'request aborted']]);
  });
});
