import { connect } from 'node:net';
import type { Socket } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../src/db/connection.js';
import { initModels } from '../../src/db/models.js';
import { ensureBuilt, runInProcess, startServe, tempWorkspace } from '../cli/helpers.js';
import type { ServeProcess } from '../cli/helpers.js';

/** Sends the request line, headers and the first part of a body, and keeps the rest for later. */
function beginSlowPost(url: string, path: string, token: string, body: string): { socket: Socket; finish: () => Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let response = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (response += chunk));
  const ended = new Promise<string>((resolve, reject) => {
    socket.on('end', () => resolve(response));
    socket.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
  );
  return {
    socket,
    finish: () => {
      socket.write(body.slice(half));
      return ended;
    },
  };
}

describe('graceful shutdown (subprocess)', function () {
  this.timeout(60_000);
  const workspace = tempWorkspace();
  let server: ServeProcess | undefined;
  let token: string;

  before(async () => {
    ensureBuilt();
    const cli = (args: string[], stdin?: string) => runInProcess(args, { cwd: workspace.dir, stdin });
    await cli(['user', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], 'a long passphrase');
    const issued = await cli(['token', 'create', '--user', 'ada@example.com', '--name', 'slow', '--scopes', 'streams:write', '--json']);
    token = (JSON.parse(issued.stdout) as { token: string }).token;
  });
  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });

  it('lets a request that is still arriving at SIGTERM finish, refuses new connections, then exits 0', async () => {
    server = await startServe({ cwd: workspace.dir, env: { LOG_LEVEL: 'info' } });
    const slow = beginSlowPost(server.url, '/api/streams', token, JSON.stringify({ name: 'Finished after SIGTERM' }));
    // A full round trip on another connection: by its end the server has read the slow request's headers.
    expect((await fetch(`${server.url}/api/user`)).status).to.equal(401);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await server.waitForOutput(/shutting down/);
    let refused: unknown;
    await fetch(`${server.url}/api/user`).catch((error: unknown) => (refused = error));
    expect(refused, 'a new connection was accepted during shutdown').to.be.an('error');

    const response = await slow.finish();
    expect(response).to.match(/^HTTP\/1\.1 201 Created\r\n/);
    expect(response).to.include('"name":"Finished after SIGTERM"');

    expect(await server.exited).to.equal(0);
    // The keep-alive connection is closed as soon as its response is out, well before the 10 s hard timeout.
    expect(Date.now() - signalled).to.be.below(5000);
    expect(server.output()).to.match(/"msg":"shut down"/);

    // The slow request was the token's first use: its event, still queued (written at most a second later)
    // when the response went out, was written on the way down, before the database closed.
    const sequelize = openDatabase({ url: `sqlite:${path.join(workspace.dir, 'data', 'patgate.sqlite')}` });
    try {
      const events = await initModels(sequelize).TokenEvent.findAll({ where: { tokenId: token.slice(4, 14) }, order: [['at', 'ASC']] });
      expect(events.map((e) => [e.type, e.actor])).to.deep.equal([
        ['created', 'cli'],
        ['first_used', 'self'],
      ]);
    } finally {
      await sequelize.close();
    }
  });
});
