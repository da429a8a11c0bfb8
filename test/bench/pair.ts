// `npm run bench:pair -- <scenario> <scenario>`: two scenarios' servers on the same core at the same time,
// each loaded with half the connections, so whatever else slows the machine slows both alike. The ratio is
// B's req/s over A's in the same round (the scheduler splits the core evenly between two busy processes,
// so it is A's CPU cost per request over B's); the median over rounds is printed. For deciding between two
// variants on a noisy machine: two copies of one server read within about 2% of 1 here, where alternating runs
// of `npm run bench` moved ±10% on the same machine. The targets are read off `npm run bench`.
//
// Two builds: PAIR_A_CHECKOUT=<another checkout of this repository, built> runs A from there, so
// `PAIR_A_CHECKOUT=../before npm run bench:pair -- patgate-authenticate patgate-authenticate` is this
// checkout's authenticate() over the other's.
//
// Environment: PAIR_ROUNDS (6), PAIR_SECONDS (4), PAIR_A_CHECKOUT (none), BENCH_CONNECTIONS (50, split
// between the two), BENCH_SERVER_CPU (0), BENCH_LOAD_CPU (1).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from './load.js';
import { choosePinning, reexecPinned, startServer, type RunningServer } from './processes.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

const pinning = choosePinning();
const status = reexecPinned(pinning);
if (status !== undefined) process.exit(status);

const ids = process.argv.slice(2);
const pair = ids.map((id) => SCENARIOS.find((s) => s.id === id));
if (pair.length !== 2 || pair.some((s) => !s || s.flood)) {
  const known = SCENARIOS.filter((s) => !s.flood).map((s) => s.id);
  throw new Error(`usage: npm run bench:pair -- <scenario> <scenario>, two of: ${known.join(', ')}`);
}
const [a, b] = pair as [Scenario, Scenario];
const rounds = Number(process.env.PAIR_ROUNDS ?? 6);
const seconds = Number(process.env.PAIR_SECONDS ?? 4);
const connections = Math.max(1, Math.floor(Number(process.env.BENCH_CONNECTIONS ?? 50) / 2));
console.log(`bench:pair ${b.id} / ${a.id}: ${rounds} rounds of ${seconds} s, ${connections} connections each; ${pinning.note} (both servers on the one core)`);

const logDir = mkdtempSync(join(tmpdir(), 'patgate-pair-logs-'));
const checkout = process.env.PAIR_A_CHECKOUT;
if (checkout) console.log(`A runs from the checkout at ${checkout}`);
const servers = [await startServer(a.server, pinning, logDir, [], checkout), await startServer(b.server, pinning, logDir)] as const;
const measure = (scenario: Scenario, server: RunningServer, duration: number) =>
  load({ url: server.url + (scenario.path ?? '/r'), token: scenario.token && server.tokens[scenario.token], connections, seconds: duration }, scenario.status);
try {
  const ratios: number[] = [];
  await Promise.all([measure(a, servers[0], 2), measure(b, servers[1], 2)]);
  for (let round = 1; round <= rounds; round++) {
    const [x, y] = await Promise.all([measure(a, servers[0], seconds), measure(b, servers[1], seconds)]);
    if (x.unexpected || y.unexpected) throw new Error(`unexpected answers: ${a.id} ${JSON.stringify(x.statuses)}, ${b.id} ${JSON.stringify(y.statuses)}`);
    ratios.push(y.requestsPerSecond / x.requestsPerSecond);
    const rate = (sample: typeof x) => `${sample.requestsPerSecond.toFixed(0)} req/s`;
    console.log(`round ${round}: ${a.id} ${rate(x)}, ${b.id} ${rate(y)}, ratio ${ratios.at(-1)!.toFixed(3)}`);
  }
  const sorted = [...ratios].sort((p, q) => p - q);
  console.log(`\n${b.id} / ${a.id}: ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} (median of ${rounds}; rounds ${sorted[0]!.toFixed(3)} to ${sorted.at(-1)!.toFixed(3)})`);
} finally {
  for (const server of servers) server.child.kill();
}
