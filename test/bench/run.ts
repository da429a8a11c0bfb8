// `npm run bench`: requests per second and latency of each scenario, as a ratio to a bare Express route
// measured in the same run. Absolute numbers depend on the machine; the ratios are what to compare.
// Scenarios run round-robin for BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS each (default 4), and
// each reports its median round, so a burst of other work on the machine does not land on one scenario.
// BENCH_CONNECTIONS (default 50) sets the concurrency.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const root = resolve(import.meta.dirname, '..', '..');

const child = spawn(process.execPath, ['--import=tsx', join(import.meta.dirname, 'apps.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const line = await new Promise<string>((done, fail) => {
  createInterface({ input: child.stdout }).once('line', done);
  child.once('exit', (code) => fail(new Error(`bench apps exited with ${code}`)));
});
const scenarios = JSON.parse(line) as Record<string, { port: number; token: string; path: string }>;

interface Row {
  scenario: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

async function measure({ port, token, path }: { port: number; token: string; path: string }, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    duration,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

// All apps share the child's event loop: one request answered after a scenario means its backlog is gone
// and cannot spill into the next measurement.
const [bare] = Object.values(scenarios);
const drain = async () => void (await fetch(`http://127.0.0.1:${bare!.port}${bare!.path}`)).arrayBuffer();

const samples = new Map<string, Row[]>();
try {
  for (const scenario of Object.values(scenarios)) {
    await measure(scenario, 1); // warm-up: JIT, sockets
    await drain();
  }
  for (let round = 0; round < rounds; round++) {
    for (const [scenario, target] of Object.entries(scenarios)) {
      const result = await measure(target, seconds);
      await drain();
      const row = { scenario, requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx };
      samples.set(scenario, [...(samples.get(scenario) ?? []), row]);
    }
  }
} finally {
  child.kill();
}
const rows = [...samples.values()].map((list) => [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(list.length / 2)]!);

const base = rows[0]!.requestsPerSecond;
console.log(`\nmedian of ${rounds} rounds of ${seconds} s per scenario, ${connections} connections, Node ${process.version}\n`);
console.log('| scenario | req/s vs bare | p50 ms | p99 ms | non-2xx |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(`| ${row.scenario} | ${(row.requestsPerSecond / base).toFixed(2)} | ${row.p50Ms} | ${row.p99Ms} | ${row.non2xx} |`);
}
mkdirSync(join(root, 'test-output'), { recursive: true });
writeFileSync(join(root, 'test-output', 'bench.json'), JSON.stringify({ seconds, rounds, connections, node: process.version, rows, samples: Object.fromEntries(samples) }, null, 2));
console.log('\nRaw numbers: test-output/bench.json');
