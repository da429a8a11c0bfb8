// Several reference servers behind one load balancer: PostgreSQL shared, Redis for revocations and
// sign-in limits. Each instance caches token records for ten minutes here, so only the Redis broadcast
// can make a revocation on one instance reach the other in time; a third instance without REDIS_URL
// shows what happens without it.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { PG_URL, REDIS_URL, bin, reachable, startInstance, type Instance } from './helpers/instances.js';

const run = promisify(execFile);

async function status(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/user`, { headers: { Authorization: `Bearer ${token}` } })).status;
}

/** Polls `probe` until it returns `want`, for at most `ms`; returns the last value seen. */
async function eventually<T>(probe: () => Promise<T>, want: T, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await probe();
  while (last !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}

/** One failed sign-in through the real form (fetch the page for its CSRF cookie and field, then post). */
async function failedSignIn(url: string, email: string): Promise<number> {
  const page = await fetch(`${url}/login`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies },
    body: new URLSearchParams({ _csrf: csrf, email, password: 'wrong password!' }),
  });
  return res.status;
}

describe('several server instances on PostgreSQL and Redis', function () {
  this.timeout(120_000);
  const database = `patgate_mi_${randomBytes(4).toString('hex')}`;
  const instances: Instance[] = [];
  let env: NodeJS.ProcessEnv;
  let a: Instance;
  let b: Instance;
  let lonely: Instance;

  before(async function () {
    const missing: string[] = [];
    for (const url of [PG_URL, REDIS_URL]) if (!(await reachable(url))) missing.push(url);
    if (missing.length) {
      if (process.env.CI) throw new Error(`CI needs PostgreSQL and Redis; not reachable: ${missing.join(', ')}`);
      console.log(`skipped: not reachable: ${missing.join(', ')}`);
      this.skip();
    }
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const dbUrl = new URL(PG_URL);
    dbUrl.pathname = `/${database}`;
    env = {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL,
      PATGATE_SECRET: randomBytes(32).toString('base64url'),
      PATGATE_TOKEN_CACHE_TTL_MS: '600000',
      // Each run its own Redis keys: rate-limit counters outlive a run by their window.
      PATGATE_REDIS_PREFIX: `patgate-test-${randomBytes(4).toString('hex')}:`,
      PORT: '0',
      LOG_LEVEL: 'warn',
      PATGATE_RATE_LIMIT_PER_MINUTE: '40',
    };
    await run(process.execPath, [bin, 'migrate'], { env });
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    lonely = await startInstance({ ...env, REDIS_URL: '' });
    instances.push(a, b, lonely);
  });

  after(async () => {
    for (const { child } of instances) child.kill('SIGTERM');
    await Promise.all(instances.map(({ child }) => new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)))));
    if (!env) return;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  async function cli(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run(process.execPath, [bin, ...args, '--json'], { env });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it('a token revoked on one instance is refused by the other at once, though both cached it', async () => {
    await cli('user', 'create', '--email', 'ada@example.com', '--name', 'Ada');
    const { token } = (await cli('token', 'create', '--user', 'ada@example.com', '--name', 'ci', '--scopes', 'profile:read')) as { token: string };
    for (const instance of [a, b, lonely]) expect(await status(instance.url, token)).to.equal(200);

    const revoked = await fetch(`${a.url}/api/tokens/current`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    expect(revoked.status).to.equal(204);
    expect(await status(a.url, token)).to.equal(401);
    expect(await eventually(() => status(b.url, token), 401)).to.equal(401);
    // Without Redis, an instance trusts its cached record until the cache time runs out.
    expect(await status(lonely.url, token)).to.equal(200);
  });

  it('a token revoked from the CLI is refused by every linked instance at once', async () => {
    const { token, id } = (await cli('token', 'create', '--user', 'ada@example.com', '--name', 'cli', '--scopes', 'profile:read')) as {
      token: string;
      id: string;
    };
    for (const instance of [a, b]) expect(await status(instance.url, token)).to.equal(200);
    await cli('token', 'revoke', id);
    for (const instance of [a, b]) expect(await eventually(() => status(instance.url, token), 401)).to.equal(401);
  });

  it("a token's request budget is shared by every linked instance", async () => {
    const { token } = (await cli('token', 'create', '--user', 'ada@example.com', '--name', 'busy', '--scopes', 'profile:read')) as { token: string };
    const answers: number[] = [];
    for (let i = 0; i < 40; i++) answers.push(await status((i % 2 === 0 ? a : b).url, token));
    expect(answers.every((code) => code === 200)).to.equal(true);
    // The 41st request of the minute is over the limit of 40, whichever instance gets it.
    expect(await status(a.url, token)).to.equal(429);
    expect(await status(b.url, token)).to.equal(429);
    // The instance without Redis keeps its own count.
    expect(await status(lonely.url, token)).to.equal(200);
  });

  it('failed sign-ins count across instances', async () => {
    const email = 'ada@example.com';
    const answers = [];
    for (const instance of [a, b, a, b, a]) answers.push(await failedSignIn(instance.url, email));
    expect(answers).to.deep.equal([401, 401, 401, 401, 401]);
    // The sixth failure in the window, wherever it lands, is over the per-account limit of five.
    expect(await failedSignIn(b.url, email)).to.equal(429);
    // The instance without Redis counted none of them.
    expect(await failedSignIn(lonely.url, email)).to.equal(401);
  });
});
