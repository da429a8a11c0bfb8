import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { FIRST_USER_COMMAND, startServer } from '../../src/server.js';
import type { ListeningInfo } from '../../src/server.js';
import { runInProcess } from '../cli/helpers.js';

describe('startServer (in process)', () => {
  let dir: string;
  let config: Config;
  const logger = createLogger('silent');

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'patgate-server-'));
    config = loadConfig({ PORT: '0', PATGATE_SECRET: 'k'.repeat(43) }, { cwd: dir });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, listens on the real port and offers the first-user command while there are no users', async () => {
    let info: ListeningInfo | undefined;
    const server = await startServer(config, { logger, handleSignals: false, onListening: (i) => (info = i) });
    try {
      expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/).and.not.match(/:0$/);
      expect(info).to.deep.equal({ url: server.url, firstUserCommand: FIRST_USER_COMMAND });
      const response = await fetch(`${server.url}/api/user`);
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.equal('Bearer realm="patgate"');
    } finally {
      await server.close();
    }
  });

  it('does not offer the first-user command once a user exists', async () => {
    await runInProcess(['user', 'create', '--email', 'a@example.com', '--name', 'A'], {
      cwd: dir,
      env: { PATGATE_SECRET: config.secret },
    });
    let info: ListeningInfo | undefined;
    const server = await startServer(config, { logger, handleSignals: false, onListening: (i) => (info = i) });
    await server.close();
    expect(info?.firstUserCommand).to.equal(undefined);
  });

  it('close() stops listening, closes the database and settles `closed`; calling it twice is fine', async () => {
    const server = await startServer(config, { logger, handleSignals: false, onListening: () => {} });
    await Promise.all([server.close(), server.close()]);
    await server.closed;
    expect(server.server.listening).to.equal(false);
    const refused = await fetch(`${server.url}/api/user`).then(() => false, () => true);
    expect(refused).to.equal(true);
  });

  it('rejects with a hint naming PORT when the port is taken', async () => {
    const first = await startServer(config, { logger, handleSignals: false, onListening: () => {} });
    try {
      const port = Number(new URL(first.url).port);
      const error = await startServer({ ...config, port }, { logger, handleSignals: false }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.have.property('code', 'EADDRINUSE');
      expect(error).to.have.property('message').that.match(new RegExp(`port ${port} on 127.0.0.1 is already in use.*set PORT`));
    } finally {
      await first.close();
    }
  });

  it('logs the URL when no onListening is given', async () => {
    const lines: string[] = [];
    const captured = createLogger('info', { write: (line: string) => void lines.push(line) });
    const server = await startServer(config, { logger: captured, handleSignals: false });
    await server.close();
    expect(lines.join('')).to.include(`patgate listening on ${server.url}`).and.include(FIRST_USER_COMMAND.replace(/"/g, '\\"'));
  });
});
