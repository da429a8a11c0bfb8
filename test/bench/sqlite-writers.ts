// `npm run bench:sqlite`: commits per second on the default SQLite store at 1, 4, 16 and 64 concurrent
// writers (BENCH_WRITERS=1,4,16,64), BENCH_SECONDS each (default 5), against a real `patgate serve` on a
// fresh data folder. The server is pinned to CPU 0 with taskset when taskset exists; run the script itself
// pinned elsewhere (`taskset -c 1 npm run bench:sqlite`) so the load generator does not share its CPU.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cli, startInstance } from '../helpers/instances.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const writers = (process.env.BENCH_WRITERS ?? '1,4,16,64').split(',').map(Number);
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dataDir = mkdtempSync(join(tmpdir(), 'patgate-bench-sqlite-'));
const env = {
  ...process.env,
  PATGATE_DATA_DIR: dataDir,
  PATGATE_SECRET: randomBytes(32).toString('base64url'),
  PATGATE_RATE_LIMIT_PER_MINUTE: '0',
  DATABASE_URL: '',
  REDIS_URL: '',
  PORT: '0',
  LOG_LEVEL: 'warn',
};
const server = await startInstance(env, hasTaskset ? { cpu: '0' } : {});
try {
  await cli(env, 'user', 'create', '--email', 'bench@example.com', '--name', 'Bench');
  const { token } = (await cli(env, 'token', 'create', '--user', 'bench@example.com', '--name', 'bench', '--scopes', 'streams:write,streams:read')) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const stream = (await (await fetch(`${server.url}/api/streams`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench' }) })).json()) as { id: string };
  const rows = [];
  for (const connections of writers) {
    const result = await autocannon({
      url: `${server.url}/api/streams/${stream.id}/commits`,
      method: 'POST',
      headers,
      body: JSON.stringify({ message: 'bench commit' }),
      connections,
      duration: seconds,
    });
    rows.push({ writers: connections, commitsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max, non2xx: result.non2xx, errors: result.errors + result.timeouts });
  }
  console.log(`SQLite commit writers, ${seconds} s each, server ${hasTaskset ? 'pinned to CPU 0' : 'not pinned (no taskset)'}:`);
  console.table(rows);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
