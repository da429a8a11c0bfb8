// Reference servers and CLI runs as a user starts them: `patgate serve` in a child process, configured by
// environment only. Shared by the multi-instance, fault and benchmark scripts.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

export const root = resolve(import.meta.dirname, '..', '..');
export const bin = resolve(root, 'packages/server/bin/patgate.js');
export const PG_URL = process.env.PATGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.PATGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const execFileAsync = promisify(execFile);

/** Whether something accepts TCP connections at the URL's host and port (2 s at most). */
export function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = createConnection({ host: hostname, port: Number(port) }, () => {
      socket.end();
      done(true);
    });
    socket.on('error', () => done(false));
    socket.setTimeout(2000, () => (socket.destroy(), done(false)));
  });
}

/** A running `patgate serve`; `lines` collects its stdout (JSON log lines). */
export interface Instance {
  url: string;
  child: ChildProcess;
  lines: string[];
  /** Everything it wrote to stderr. */
  stderr(): string;
  /** Resolves with the first stdout line (already seen or still to come) that matches. */
  waitForLine(pattern: RegExp, ms?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `patgate serve` with `env` and resolves once it prints its URL (30 s at most). */
export function startInstance(env: NodeJS.ProcessEnv, options: { cpu?: string } = {}): Promise<Instance> {
  const args = [bin, 'serve'];
  const child = options.cpu
    ? spawn('taskset', ['-c', options.cpu, process.execPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  return new Promise((done, fail) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => fail(new Error(`instance did not start in time:\n${stderr}`)), 30_000);
    const waitForLine = (pattern: RegExp, ms = 10_000) =>
      new Promise<string>((found, missing) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen) return found(seen);
        const watcher = (line: string) => {
          if (!pattern.test(line)) return;
          watchers.delete(watcher);
          clearTimeout(giveUp);
          found(line);
        };
        const giveUp = setTimeout(() => (watchers.delete(watcher), missing(new Error(`no line matching ${pattern} in ${ms} ms`))), ms);
        watchers.add(watcher);
      });
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      for (const watcher of [...watchers]) watcher(line);
      const match = /listening on (http:\/\/[^\s"]+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      done({ url: match[1]!, child, lines, stderr: () => stderr, waitForLine, stop });
    });
    child.once('exit', (code) => fail(new Error(`instance exited with ${code}:\n${stderr}`)));
  });
}

/** Runs `patgate ...args --json` and parses what it prints. */
export async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await execFileAsync(process.execPath, [bin, ...args, '--json'], { env });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Runs `patgate ...args` and resolves its exit code, output and how long it took; never rejects. */
export function cliRun(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
