import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { BIN, ensureBuilt, runBin, startServe, tempWorkspace } from './helpers.js';
import type { CliResult, ServeProcess } from './helpers.js';

/**
 * The CLI as users run it: `node bin/patgate.js` subprocesses (after `tsc -b`), sharing one SQLite file
 * under `./data` of a temporary working directory with a running `patgate serve`.
 */
describe('patgate CLI and server (subprocesses)', function () {
  this.timeout(60_000);
  const workspace = tempWorkspace();
  let server: ServeProcess | undefined;

  before(() => ensureBuilt());
  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });

  const patgate = (args: string[], stdin?: string) => runBin(args, { cwd: workspace.dir, stdin });
  const json = <T>(result: CliResult): T => {
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  };
  const getUser = (token: string) =>
    fetch(`${server!.url}/api/user`, { headers: { authorization: `Bearer ${token}` } });

  it('bin/patgate.js says to build when dist/ is missing', async () => {
    const bare = path.join(workspace.dir, 'unbuilt');
    mkdirSync(path.join(bare, 'bin'), { recursive: true });
    copyFileSync(BIN, path.join(bare, 'bin', 'patgate.js'));
    const result = await runBin(['--help'], { cwd: workspace.dir, bin: path.join(bare, 'bin', 'patgate.js') });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/dist\/cli\/main\.js is missing.*\nRun `npm run build`/);
  });

  it('serve prints the one command that creates the first admin while there are no users', async () => {
    const first = await startServe({ cwd: workspace.dir });
    try {
      const line = first.output().split('\n').find((l) => l.includes('"url"'))!;
      expect(JSON.parse(line)).to.deep.include({
        firstUserCommand: 'npx patgate user create --email you@example.com --name "You" --admin --password-stdin',
      });
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).to.equal(0);
    }
  });

  it('creates a user and a token, the running server accepts it, and refuses it soon after revocation', async () => {
    const user = json<{ email: string }>(
      await patgate(['user', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--admin', '--password-stdin', '--json'], 'a long passphrase\n'),
    );
    expect(user.email).to.equal('ada@example.com');

    const issued = json<{ token: string; id: string }>(
      await patgate(['token', 'create', '--user', 'ada@example.com', '--name', 'e2e', '--scopes', 'profile:read', '--expires-in', '1d', '--json']),
    );

    // The default token cache (2 s) is on, as in production.
    server = await startServe({ cwd: workspace.dir });
    const ok = await getUser(issued.token);
    expect(ok.status).to.equal(200);
    expect(await ok.json()).to.include({ name: 'Ada' });

    const listed = await patgate(['token', 'list', '--user', 'ada@example.com', '--json']);
    expect(listed.stdout).not.to.include(issued.token);
    expect(json<{ id: string; status: string }[]>(listed).map(({ id, status }) => ({ id, status }))).to.deep.equal([
      { id: issued.id, status: 'active' },
    ]);

    // Revoked from another process while the server holds the database open.
    expect(json(await patgate(['token', 'revoke', issued.id, '--json']))).to.include({ revoked: true });
    const deadline = Date.now() + 5000;
    let status = 200;
    // Polled every 50 ms: a tight loop would spend the token's per-minute request budget (429) first.
    while (status === 200 && Date.now() < deadline) {
      await delay(50);
      status = (await getUser(issued.token)).status;
    }
    expect(status, 'the server kept accepting a revoked token').to.equal(401);
  });

  it('refuses bad input with a message on stderr and a non-zero exit', async () => {
    const unknownUser = await patgate(['token', 'create', '--user', 'nobody@example.com', '--name', 'x', '--scopes', 'profile:read']);
    expect(unknownUser.code).to.equal(1);
    expect(unknownUser.stderr).to.include('No user with the email nobody@example.com');
    expect(unknownUser.stdout).to.equal('');

    const unknownScope = await patgate(['token', 'create', '--user', 'ada@example.com', '--name', 'x', '--scopes', 'streams:delete']);
    expect(unknownScope.code).to.equal(1);
    expect(unknownScope.stderr).to.include('Unknown scope: streams:delete');

    const missing = await patgate(['token', 'list']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include("error: give either '--user <email>' or '--all'");
  });

  it('stops with exit code 0 on SIGTERM', async () => {
    server!.child.kill('SIGTERM');
    expect(await server!.exited).to.equal(0);
  });
});
