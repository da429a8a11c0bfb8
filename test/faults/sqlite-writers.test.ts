// The default SQLite store under concurrent writers: 64 commit writers on one server, then two servers on
// one file with the CLI revoking tokens at the same time. Every request answers, none waits more than
// 5 s, none is a 5xx, and the database holds exactly the commits that got a 201.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initModels, openDatabase } from '@patgate/server';
import { cli, cliRun, startInstance, type Instance } from '../helpers/instances.js';

const LOAD_MS = Number(process.env.PATGATE_FAULT_LOAD_MS ?? 10_000);

interface Write {
  status: number;
  ms: number;
  id?: string;
}

/** `writers` loops posting commits to the servers in turn until `ms` have passed. */
async function writeCommits(servers: Instance[], writers: number, ms: number, streamId: string, token: string): Promise<Write[]> {
  const writes: Write[] = [];
  const deadline = Date.now() + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, n) => {
      const server = servers[n % servers.length]!;
      while (Date.now() < deadline) {
        const started = Date.now();
        try {
          const res = await fetch(`${server.url}/api/streams/${streamId}/commits`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ message: `writer ${n}` }),
          });
          const body = (await res.json()) as { id?: string };
          writes.push({ status: res.status, ms: Date.now() - started, ...(res.status === 201 && { id: body.id }) });
        } catch {
          writes.push({ status: 0, ms: Date.now() - started });
        }
      }
    }),
  );
  return writes;
}

/** A reader alongside the writers: reads must not stall behind them. */
async function readUser(server: Instance, token: string, ms: number): Promise<Write[]> {
  const reads: Write[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const started = Date.now();
    const res = await fetch(`${server.url}/api/user`, { headers: { Authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    reads.push({ status: res.status, ms: Date.now() - started });
    await new Promise((r) => setTimeout(r, 50));
  }
  return reads;
}

function expectHealthy(answers: Write[], what: string): void {
  if (process.env.FAULT_DEBUG) console.log(`${what}: ${answers.length} answers, slowest ${Math.max(...answers.map((a) => a.ms))} ms`);
  expect(answers.length, `${what}: answers`).to.be.greaterThan(0);
  const bad = answers.filter((a) => a.status === 0 || a.status >= 500);
  expect(bad.length, `${what}: 5xx or no answer (of ${answers.length}): ${JSON.stringify(bad.slice(0, 3))}`).to.equal(0);
  expect(Math.max(...answers.map((a) => a.ms)), `${what}: slowest answer (ms)`).to.be.at.most(5000);
}

describe('SQLite under concurrent writers (fault)', function () {
  this.timeout(LOAD_MS * 2 + 120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'patgate-sqlite-writers-'));
  const env = {
    ...process.env,
    PATGATE_DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
    PATGATE_SECRET: randomBytes(32).toString('base64url'),
    PATGATE_RATE_LIMIT_PER_MINUTE: '0',
    PORT: '0',
    LOG_LEVEL: 'warn',
  };
  const servers: Instance[] = [];
  let token: string;
  let streamId: string;
  const acknowledged: string[] = [];

  before(async () => {
    await cli(env, 'migrate');
    await cli(env, 'user', 'create', '--email', 'ada@example.com', '--name', 'Ada');
    ({ token } = (await cli(env, 'token', 'create', '--user', 'ada@example.com', '--name', 'w', '--scopes', 'streams:read,streams:write,profile:read')) as {
      token: string;
    });
    servers.push(await startInstance(env));
    const res = await fetch(`${servers[0]!.url}/api/streams`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'load' }),
    });
    streamId = ((await res.json()) as { id: string }).id;
  });

  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('64 concurrent commit writers on one server: all answered, none over 5 s, no 5xx', async () => {
    const [writes, reads] = await Promise.all([writeCommits(servers, 64, LOAD_MS, streamId, token), readUser(servers[0]!, token, LOAD_MS)]);
    expectHealthy(writes, 'writes');
    expectHealthy(reads, 'reads');
    acknowledged.push(...writes.flatMap((w) => (w.id ? [w.id] : [])));
    expect(acknowledged.length).to.be.greaterThan(64);
  });

  it('two servers on one file and the CLI revoking tokens at once: all answered, none over 5 s, no 5xx', async () => {
    servers.push(await startInstance(env));
    // Created side by side: CLI processes contending for the file are part of the point.
    const spare = await Promise.all(
      Array.from({ length: 6 }, async (_, n) =>
        (await cli(env, 'token', 'create', '--user', 'ada@example.com', '--name', `spare ${n}`, '--scopes', 'profile:read')) as { id: string },
      ),
    );
    const revokes = (async () => {
      const results = [];
      for (const { id } of spare) results.push(await cliRun(env, ['token', 'revoke', id, '--json']));
      return results;
    })();
    const [writes, reads, cliRuns] = await Promise.all([
      writeCommits(servers, 64, LOAD_MS, streamId, token),
      readUser(servers[1]!, token, LOAD_MS),
      revokes,
    ]);
    expectHealthy(writes, 'writes');
    expectHealthy(reads, 'reads');
    for (const run of cliRuns) expect(run.code, run.stderr).to.equal(0);
    acknowledged.push(...writes.flatMap((w) => (w.id ? [w.id] : [])));

    const sequelize = openDatabase({ url: `sqlite:${join(dataDir, 'patgate.sqlite')}` });
    try {
      const models = initModels(sequelize);
      const stored = (await models.Commit.findAll({ attributes: ['id'] })).map((row) => row.id);
      // Exactly the acknowledged writes: none lost, none written without a 201.
      expect(stored.length).to.equal(acknowledged.length);
      expect(new Set(stored)).to.deep.equal(new Set(acknowledged));
      const revoked = await models.ApiToken.count({ where: { id: spare.map((t) => t.id) } });
      expect(revoked).to.equal(spare.length);
      for (const { id } of spare) expect((await models.ApiToken.findByPk(id))?.revokedAt).to.be.instanceOf(Date);
    } finally {
      await sequelize.close();
    }
  });
});
