import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';

export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(PACKAGE_DIR, 'bin', 'patgate.js');

/** What one CLI invocation printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A temporary working directory for one suite, so `./data` (the default database and secret) is private
 * to it. Registers mocha hooks; read `.dir` inside tests.
 */
export function tempWorkspace(): { dir: string } {
  const workspace = { dir: '' };
  before(() => {
    workspace.dir = mkdtempSync(path.join(tmpdir(), 'patgate-cli-'));
  });
  after(() => rmSync(workspace.dir, { recursive: true, force: true }));
  return workspace;
}

/**
 * Runs the CLI in this process with captured output: fast, for option parsing and command behaviour.
 * The environment is exactly `env` (nothing leaks in from the test runner's own).
 */
export async function runInProcess(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string },
): Promise<CliResult> {
  let stdout = '';
  // Standard input is a pipe here; the terminal prompts are tested under a pseudo-terminal (tty.test.ts).
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => options.stdin ?? '',
    stdinIsTty: false,
    readSecret: () => Promise.reject(new Error('runInProcess: no terminal')),
    env: { LOG_LEVEL: 'silent', ...options.env },
    cwd: options.cwd,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

let built = false;

/**
 * Brings `dist/` up to date with `tsc -b` (incremental: about a second when nothing changed), so that the
 * subprocess tests run the same `bin/patgate.js` users run. Once per test run. `PATGATE_TEST_NO_BUILD=1`
 * uses `dist/` as it is (when a build step ran just before, as in the root `npm test`).
 */
export function ensureBuilt(): void {
  if (built || process.env.PATGATE_TEST_NO_BUILD === '1') return;
  const result = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-b'], { cwd: PACKAGE_DIR, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -b failed:\n${result.stdout}${result.stderr}`);
  built = true;
}

/** The environment for subprocesses: the runner's PATH and HOME, quiet logs, plus `env`. */
export function childEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env };
}

/** Runs `node bin/patgate.js …` (or another copy of it, `bin`) as a subprocess in `cwd` and waits for it to exit. */
export function runBin(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number; bin?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], { cwd: options.cwd, env: childEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`patgate ${args.join(' ')} did not exit within ${options.timeoutMs ?? 10_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** A `patgate serve` subprocess. */
export interface ServeProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed on stdout so far. */
  output(): string;
  /** Resolves once stdout has a line matching `pattern`, or rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null if killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Starts `patgate serve --json` on a free port (`PORT=0`) in `cwd` and resolves once it prints its URL.
 * Call `child.kill('SIGTERM')` and await `exited` to stop it.
 */
export async function startServe(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--json'], {
    cwd: options.cwd,
    env: childEnv({ PORT: '0', ...options.env }),
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of watchers) check();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForOutput = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        watchers.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = () => pattern.test(stdout) && done();
      const timer = setTimeout(() => done(new Error(`no ${pattern} from serve within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
      void exited.then((code) => done(new Error(`serve exited (${code}) before printing ${pattern}\nstderr: ${stderr}`)));
      watchers.add(check);
      check();
    });
  await waitForOutput(/"url":"http:[^"]+"/);
  const url = /"url":"(http:[^"]+)"/.exec(stdout)![1]!;
  return { url, child, output: () => stdout, waitForOutput, exited };
}

/** One step of a terminal session: wait until the output matches `expect`, then type `send`. */
export interface TerminalStep {
  expect: RegExp;
  send: string;
}

/**
 * Runs `node bin/patgate.js …` under a pseudo-terminal (util-linux `script`), so standard input is a TTY
 * as when someone types. Each step waits for its prompt before typing, as a person would (typing ahead
 * would be echoed by the terminal before the program could turn echo off). Resolves everything the
 * terminal showed (prompts, echoed input, output; stdout and stderr interleaved) and the exit code.
 */
export function runInTerminal(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; steps: TerminalStep[]; timeoutMs?: number },
): Promise<{ code: number | null; screen: string }> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command = ['exec', process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: options.cwd, env: childEnv({ TERM: 'dumb', ...options.env }) });
    let screen = '';
    let step = 0;
    let typedAt = 0;
    const advance = () => {
      const next = options.steps[step];
      if (next && next.expect.test(screen.slice(typedAt))) {
        step += 1;
        typedAt = screen.length;
        child.stdin.write(next.send);
        advance();
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      advance();
    });
    child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`patgate ${args.join(' ')} under a terminal did not finish within ${options.timeoutMs ?? 15_000} ms; it showed:\n${screen}`));
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}
