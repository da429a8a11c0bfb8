// `npm run bench [-- --quick] [-- --only=id,id] [-- --docs]`: each server variant in its own process pinned
// to one core (taskset -c 0), autocannon on another (this process, re-run under taskset -c 1), rounds that
// alternate between the variants, and for each variant the median of its same-round ratios to bare Express.
// Prints every measurement, then the summary; writes JSON, Markdown and an SVG chart to bench/results/
// (and, with --docs, the table and chart into docs/performance.md and docs/performance.svg).
//
// Environment: BENCH_ROUNDS (3; --quick 1), BENCH_WARMUP_SECONDS (3, then 1 from round 2 on, when the
// servers are already warm), BENCH_SECONDS (10; --quick 3), BENCH_CONNECTIONS (50), BENCH_MIXED_RATE
// (real traffic in the mixed run, 1000 req/s over half the
// connections; the flood gets the other half, unthrottled),
// BENCH_TOKENS (100000 in each patgate and Map store), BENCH_SERVER_CPU (0), BENCH_LOAD_CPU (1).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load, type Sample } from './load.js';
import { choosePinning, cpuTicks, reexecPinned, startServer, TICKS_PER_SECOND, waitIdle, type RunningServer } from './processes.js';
import { markdownTable, roundLine, summarize, svgChart, type RoundResult } from './report.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const writeDocs = args.includes('--docs');
const number = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const rounds = number('BENCH_ROUNDS', quick ? 1 : 3);
const warmup = number('BENCH_WARMUP_SECONDS', quick ? 1 : 3);
const seconds = number('BENCH_SECONDS', quick ? 3 : 10);
const connections = number('BENCH_CONNECTIONS', 50);
const mixedRate = number('BENCH_MIXED_RATE', 1000);
const root = resolve(import.meta.dirname, '..', '..');

const pinning = choosePinning();
const status = reexecPinned(pinning);
if (status !== undefined) process.exit(status);

const scenarios = SCENARIOS.filter((s) => s.id === 'bare' || !only || only.includes(s.id));
const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);

const measurements = scenarios.length + scenarios.filter((s) => s.flood).length;
const estimate = measurements * (seconds + warmup + Math.max(0, rounds - 1) * (seconds + Math.min(warmup, 1)) + rounds);
console.log(`patgate bench: ${scenarios.length} scenarios, ${rounds} round(s) of ${warmup} s warm-up (then 1 s) + ${seconds} s, ${connections} connections`);
console.log(`${pinning.note}`);
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}; about ${Math.ceil(estimate / 60)} min after start-up\n`);

const logDir = mkdtempSync(join(tmpdir(), 'patgate-bench-logs-'));
const servers = new Map<string, RunningServer>();
try {
  // One process per scenario (the floods and the mixed run included), started one by one so that minting
  // 100k tokens in one does not slow another's start.
  for (const scenario of scenarios) {
    const started = Date.now();
    servers.set(scenario.id, await startServer(scenario.server, pinning, logDir));
    console.log(`started ${scenario.id} (${scenario.server}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const results: RoundResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    let bare: number | undefined;
    for (const scenario of scenarios) {
      const result = await measureScenario(scenario, servers.get(scenario.id)!, round, round === 1 ? warmup : Math.min(warmup, 1));
      if (scenario.id === 'bare') bare = result.sample.requestsPerSecond;
      const ratio = result.alone ? result.sample.requestsPerSecond / result.alone.requestsPerSecond : result.sample.requestsPerSecond / bare!;
      results.push({ ...result, ratio });
      console.log(roundLine({ ...result, ratio }, scenario));
    }
  }
  report(results);
} finally {
  for (const { child } of servers.values()) child.kill();
}

async function measureScenario(scenario: Scenario, server: RunningServer, round: number, warm: number): Promise<Omit<RoundResult, 'ratio'>> {
  const url = server.url + (scenario.path ?? '/r');
  const token = scenario.token === undefined ? undefined : server.tokens[scenario.token];
  if (scenario.token !== undefined && token === undefined) throw new Error(`${scenario.server} has no ${scenario.token} token`);
  const pid = server.child.pid;
  if (scenario.flood) {
    const flood = server.tokens[scenario.flood];
    // Half the connections carry real traffic at a fixed rate, the other half flood as fast as answered.
    const half = Math.max(1, Math.floor(connections / 2));
    const real = { url, token, connections: half, rate: mixedRate };
    const floodLoad = { url, token: flood, connections: Math.max(1, connections - half) };
    await load({ ...real, seconds: warm }, scenario.status);
    await waitIdle(pid);
    const alone = await load({ ...real, seconds }, scenario.status);
    await waitIdle(pid);
    await Promise.all([load({ ...floodLoad, seconds: warm }, 401), load({ ...real, seconds: warm }, scenario.status)]);
    await waitIdle(pid);
    const [sample] = await Promise.all([load({ ...real, seconds }, scenario.status), load({ ...floodLoad, seconds }, 401)]);
    // No CPU per request here: the server's CPU went to both loads.
    await waitIdle(pid);
    return { round, scenario: scenario.id, sample, alone };
  }
  await load({ url, token, connections, seconds: warm }, scenario.status);
  await waitIdle(pid);
  const before = cpuTicks(pid);
  const sample: Sample = await load({ url, token, connections, seconds }, scenario.status);
  const after = cpuTicks(pid);
  if (before !== undefined && after !== undefined && sample.total > 0) {
    sample.cpuUsPerRequest = ((after - before) / TICKS_PER_SECOND) * 1e6 / sample.total;
  }
  await waitIdle(pid);
  return { round, scenario: scenario.id, sample };
}

function report(results: RoundResult[]): void {
  const rows = summarize(scenarios, results);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, Node ${process.version}`;
  const caption = `${stamp.slice(0, 10)}, ${machine}, ${rounds} rounds of ${seconds} s, ${connections} connections, ${pinning.server === undefined ? 'not pinned' : 'pinned'}`;
  const table = markdownTable(rows);
  console.log(`\n${caption}\n${pinning.note}\n\n${table}\n`);
  const missed = rows.filter((r) => r.met === false).map((r) => r.scenario.id);
  console.log(missed.length ? `targets missed: ${missed.join(', ')}` : 'every target met');

  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ at: new Date().toISOString(), machine, pinning: pinning.note, rounds, warmup, seconds, connections, mixedRate, summary: rows, results }, null, 2);
  const svg = svgChart(rows, caption);
  const markdown = `${caption}\n\n${pinning.note}\n\n${table}\n`;
  for (const name of [`bench-${stamp}`, 'latest']) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.svg`), svg);
    writeFileSync(join(dir, `${name}.md`), markdown);
  }
  console.log(`wrote bench/results/bench-${stamp}.{json,svg,md} (and latest.*)`);
  if (writeDocs) {
    const page = join(root, 'docs', 'performance.md');
    const text = readFileSync(page, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    if (!text.includes(start) || !text.includes(end)) throw new Error(`docs/performance.md lacks the ${start} ... ${end} markers`);
    writeFileSync(page, `${text.slice(0, text.indexOf(start) + start.length)}\n${markdown}\n${text.slice(text.indexOf(end))}`);
    writeFileSync(join(root, 'docs', 'performance.svg'), svg);
    console.log('updated docs/performance.md and docs/performance.svg');
  }
}
