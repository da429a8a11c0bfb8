#!/usr/bin/env node
// `npm test`: build, lint, type-check, every package's tests (lerna), then the cross-package tests, in that
// order, stopping at the first step that fails. Every step's output is shown as it comes; the closing line
// adds up every test runner's totals (mocha's "N passing", "N failing", "N pending" and node:test's
// "# pass N", "# fail N", "# skipped N"), so it says how many tests ran, not how many one runner ran last.
// `.ci/run` sums the same runner lines from the log, so its closing line agrees with this one.
import { spawn } from 'node:child_process';

const STEPS = [
  ['build', 'npm', ['run', 'build', '--silent']],
  ['lint', 'npm', ['run', 'lint', '--silent']],
  ['typecheck', 'npm', ['run', 'typecheck', '--silent']],
  ['package tests', 'npx', ['lerna', 'run', 'test', '--stream', '--concurrency', '1']],
  ['cross-package tests', 'npm', ['run', 'test:cross', '--silent']],
];

const COUNTERS = {
  passed: [/(\d+) passing/g, /^# pass (\d+)/gm],
  failed: [/(\d+) failing/g, /^# fail (\d+)/gm],
  skipped: [/(\d+) pending/g, /^# skipped (\d+)/gm],
};

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let log = '';
    const keep = (stream) => (chunk) => {
      stream.write(chunk);
      log += chunk.toString();
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('error', (error) => resolve({ code: 1, log: `${log}\n${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), log }));
  });
}

function count(log) {
  // lerna prefixes each line with the package name: drop it and the colours before matching.
  // eslint-disable-next-line no-control-regex -- colour codes are what is being removed
  const plain = log.replace(/\x1b\[[0-9;]*m/g, '').replace(/^[@\w/.-]+: /gm, '');
  const totals = {};
  for (const [name, patterns] of Object.entries(COUNTERS)) {
    totals[name] = patterns.reduce((sum, pattern) => sum + [...plain.matchAll(pattern)].reduce((n, m) => n + Number(m[1]), 0), 0);
  }
  return totals;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStep;
for (const [name, command, args] of STEPS) {
  const { code, log } = await run(command, args);
  const found = count(log);
  for (const key of Object.keys(totals)) totals[key] += found[key];
  if (code !== 0) {
    failedStep = name;
    break;
  }
}
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
const stopped = failedStep ? ` (stopped: ${failedStep} failed)` : '';
process.stdout.write(`\nnpm test: ${totals.passed} passed, ${totals.failed} failed${skipped}${stopped}\n`);
process.exitCode = failedStep ? 1 : 0;
