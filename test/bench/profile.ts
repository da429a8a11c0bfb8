// `node --import=tsx test/bench/profile.ts <scenario> [seconds]`: runs one bench scenario's server under
// the inspector's CPU profiler for exactly the measured window, loads it like the bench does, and prints the functions with the most self time (the
// profile itself goes to bench/results/profiles/, for Chrome DevTools or speedscope).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from './load.js';
import { choosePinning, startServer } from './processes.js';
import { SCENARIOS } from './scenarios.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const [id, seconds = '8'] = process.argv.slice(2);
const scenario = SCENARIOS.find((s) => s.id === id);
if (!scenario) throw new Error(`usage: profile.ts <${SCENARIOS.map((s) => s.id).join('|')}> [seconds]`);
const dir = resolve(import.meta.dirname, '..', '..', 'bench', 'results', 'profiles');
mkdirSync(dir, { recursive: true });
const server = await startServer(scenario.server, choosePinning(), mkdtempSync(join(tmpdir(), 'patgate-profile-')));
const token = scenario.token === undefined ? undefined : server.tokens[scenario.token];
const url = server.url + (scenario.path ?? '/r');
const reply = (check: (message: unknown) => boolean) =>
  new Promise<unknown>((done) => {
    const listener = (message: unknown) => {
      if (!check(message)) return;
      server.child.off('message', listener);
      done(message);
    };
    server.child.on('message', listener);
  });
await load({ url, token, connections: 50, seconds: 2 }, scenario.status);
const started = reply((m) => m === 'profile:started');
server.child.send('profile:start');
await started;
const sample = await load({ url, token, connections: 50, seconds: Number(seconds) }, scenario.status);
const stopped = reply((m) => typeof m === 'object' && m !== null && 'profile' in m);
server.child.send('profile:stop');
const { profile } = (await stopped) as { profile: Profile };
server.child.kill();
console.log(`${scenario.id}: ${sample.requestsPerSecond.toFixed(0)} req/s, ${sample.unexpected} unexpected answers`);
const file = join(dir, `${scenario.id}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
for (const sampleId of profile.samples) {
  const frame = byId.get(sampleId)!.callFrame;
  const where = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(packages|test)\//, '$1/');
  const key = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
const packages = new Map<string, number>();
for (const [key, count] of self) {
  const where = key.split('  ')[1] ?? '';
  const group = where.startsWith('packages/') ? where.split('/').slice(0, 2).join('/') : where.includes('/') ? where.split('/')[0]!.replace(/^@[^/]+$/, where.split('/').slice(0, 2).join('/')) : where.split(':')[0] || '(native)';
  packages.set(group, (packages.get(group) ?? 0) + count);
}
const top = (map: Map<string, number>, n: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, count]) => `${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`).join('\n');
console.log(`\nself time by package or file:\n${top(packages, 15)}\n\nself time by function:\n${top(self, 30)}\n\nprofile: ${file}`);
