// Configuration and start-up errors as an operator meets them: each gives one line on stderr naming the
// variable, never a secret's value or a URL's password, and a non-zero exit within 10 s. Also: a second
// SIGTERM while requests are still running ends the process at once.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_URL, REDIS_URL, cliRun, startInstance } from '../helpers/instances.js';
import { requireServices, sleep } from '../helpers/faults.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const SECRET = randomBytes(32).toString('base64url');

describe('start-up and configuration errors (fault)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'patgate-startup-'));
  const frozen: TcpProxy[] = [];
  const base = { ...process.env, PATGATE_DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: '', REDIS_URL: '' };

  before(async function () {
    await requireServices(this, PG_URL, REDIS_URL);
    for (const target of [new URL(PG_URL).host, new URL(REDIS_URL).host]) {
      const proxy = await startTcpProxy(target);
      proxy.mode = 'freeze';
      frozen.push(proxy);
    }
  });
  after(async () => {
    await Promise.all(frozen.map((proxy) => proxy.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectOneLineFailure(env: NodeJS.ProcessEnv, variable: string, secrets: string[]) {
    const { code, stderr, ms } = await cliRun(env, ['serve'], 15_000);
    expect(code, stderr).to.be.a('number').and.not.equal(0);
    expect(ms, 'ms until exit').to.be.below(10_000);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).to.have.length(1);
    expect(lines[0]).to.include(variable);
    for (const secret of secrets) expect(stderr).not.to.include(secret);
  }

  it('a too-short PATGATE_SECRET: named, not echoed', () => expectOneLineFailure({ ...base, PATGATE_SECRET: 'sw0rdfish-short' }, 'PATGATE_SECRET', ['sw0rdfish']));

  it('PostgreSQL refusing: names DATABASE_URL, never its password', () =>
    expectOneLineFailure({ ...base, PATGATE_SECRET: SECRET, DATABASE_URL: 'postgres://ada:pa55w0rd-x@127.0.0.1:1/patgate' }, 'DATABASE_URL', ['pa55w0rd-x', SECRET]));

  it('PostgreSQL accepting but never answering: fails within 10 s naming DATABASE_URL', () =>
    expectOneLineFailure({ ...base, PATGATE_SECRET: SECRET, DATABASE_URL: `postgres://ada:pa55w0rd-y@${frozen[0]!.address}/test` }, 'DATABASE_URL', [
      'pa55w0rd-y',
    ]));

  it('Redis refusing: names REDIS_URL, never its password', () =>
    expectOneLineFailure({ ...base, PATGATE_SECRET: SECRET, REDIS_URL: 'redis://:r3d1s-pw@127.0.0.1:1' }, 'REDIS_URL', ['r3d1s-pw']));

  it('Redis accepting but never answering: fails within 10 s naming REDIS_URL', () =>
    expectOneLineFailure({ ...base, PATGATE_SECRET: SECRET, REDIS_URL: `redis://:r3d1s-pw2@${frozen[1]!.address}` }, 'REDIS_URL', ['r3d1s-pw2']));

  it('both frozen at once: still within 10 s', () =>
    expectOneLineFailure(
      { ...base, PATGATE_SECRET: SECRET, DATABASE_URL: `postgres://ada@${frozen[0]!.address}/test`, REDIS_URL: `redis://${frozen[1]!.address}` },
      'URL',
      [],
    ));

  it('a read-only data folder with PATGATE_SECRET set: a message naming PATGATE_DATA_DIR, not a silent exit', async function () {
    const folder = join(dir, 'read-only');
    mkdirSync(folder);
    try {
      // chmod does not stop root, so a read-only bind mount it is.
      execFileSync('mount', ['--bind', folder, folder], { stdio: 'pipe' });
      execFileSync('mount', ['-o', 'remount,bind,ro', folder], { stdio: 'pipe' });
    } catch (error) {
      const reason = `cannot make a read-only bind mount (needs root): ${String(error).split('\n')[0]}`;
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(reason);
      console.log(`skipped: ${reason}`);
      this.skip();
    }
    try {
      await expectOneLineFailure({ ...base, PATGATE_SECRET: SECRET, PATGATE_DATA_DIR: folder }, 'PATGATE_DATA_DIR', [SECRET]);
    } finally {
      execFileSync('umount', [folder]);
    }
  });

  it('a second SIGTERM during shutdown ends the process at once', async () => {
    const server = await startInstance({ ...base, PATGATE_SECRET: SECRET, LOG_LEVEL: 'warn' });
    const { port } = new URL(server.url);
    // A request whose body never finishes keeps the graceful shutdown waiting.
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
    await new Promise((r) => socket.once('connect', r));
    socket.write('POST /api/streams HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"na');
    socket.on('error', () => undefined);
    await sleep(300);
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) => server.child.once('exit', (code, signal) => r({ code, signal })));
    server.child.kill('SIGTERM');
    await sleep(500);
    expect(server.child.exitCode, 'still shutting down after the first signal').to.equal(null);
    const second = Date.now();
    server.child.kill('SIGTERM');
    const result = await exited;
    expect(Date.now() - second, 'ms from the second signal to exit').to.be.below(1000);
    expect(result.signal ?? result.code).to.not.equal(0);
    socket.destroy();
  });
});
