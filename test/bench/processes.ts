// Starting benchmark servers pinned to a core, and waiting until one has stopped working.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Which cores the servers and the load generator run on, or why they are not pinned. */
export interface Pinning {
  server: string | undefined;
  load: string | undefined;
  note: string;
}

/** Pins when `taskset` exists and there are at least two cores; says so either way. */
export function choosePinning(): Pinning {
  // Once re-run under taskset this process sees one core: the choice made before travels in the environment.
  if (process.env.BENCH_PINNING) return JSON.parse(process.env.BENCH_PINNING) as Pinning;
  const server = process.env.BENCH_SERVER_CPU ?? '0';
  const load = process.env.BENCH_LOAD_CPU ?? '1';
  if (availableParallelism() < 2) return { server: undefined, load: undefined, note: 'NOT pinned: fewer than two cores, so server and load generator share one' };
  if (spawnSync('taskset', ['-V']).error) {
    return { server: undefined, load: undefined, note: 'NOT pinned: `taskset` not found (util-linux); server and load generator share every core and ratios are noisier' };
  }
  return { server, load, note: `pinned with taskset: servers on core ${server}, autocannon on core ${load}` };
}

/** Runs this script again on the load generator's core, unless it already runs there. */
export function reexecPinned(pinning: Pinning): number | undefined {
  if (pinning.load === undefined || process.env.BENCH_PINNING) return undefined;
  const args = ['-c', pinning.load, process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  return spawnSync('taskset', args, { stdio: 'inherit', env: { ...process.env, BENCH_PINNING: JSON.stringify(pinning) } }).status ?? 1;
}

export interface RunningServer {
  name: string;
  url: string;
  tokens: Record<string, string>;
  child: ChildProcess;
}

/**
 * Starts `server.ts <name>` (pinned), its stdout (the reference server's request log) into `logDir`. With
 * `checkout`, the `server.ts` of another checkout of this repository (built, with its own node_modules)
 * runs instead, so two builds can be compared.
 */
export async function startServer(name: string, pinning: Pinning, logDir: string, nodeOptions: string[] = [], checkout?: string): Promise<RunningServer> {
  const script = checkout === undefined ? join(import.meta.dirname, 'server.ts') : resolve(checkout, 'test', 'bench', 'server.ts');
  const node = [process.execPath, ...nodeOptions, '--import=tsx', script, name];
  const [command, ...args] = pinning.server === undefined ? node : ['taskset', '-c', pinning.server, ...node];
  const log = openSync(join(logDir, `${name}.log`), 'w');
  const child = spawn(command!, args, { stdio: ['ignore', log, 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } });
  const ready = await new Promise<{ url: string; tokens: Record<string, string> }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string; tokens: Record<string, string> }));
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with ${code} before listening`)));
  });
  return { name, child, ...ready };
}

/** CPU time (user + system, in clock ticks) a process has used so far; undefined off Linux. */
export function cpuTicks(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Waits until the server has stopped using CPU (the backlog of a slow scenario such as bcrypt would
 * otherwise land on the next measurement), at most `limitMs`. Without /proc, waits half a second.
 */
export async function waitIdle(pid: number | undefined, limitMs = 15_000): Promise<void> {
  if (cpuTicks(pid) === undefined) return void (await sleep(500));
  const start = Date.now();
  let last = cpuTicks(pid)!;
  let quiet = 0;
  while (quiet < 2 && Date.now() - start < limitMs) {
    await sleep(100);
    const now = cpuTicks(pid) ?? last;
    quiet = now - last <= 1 ? quiet + 1 : 0;
    last = now;
  }
}

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux unless told otherwise). */
export const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
