import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Throwaway apps that install @patgate/middleware from its packed tarball, the way a user gets it. Every
// test file in the run shares one tarball and one install per distinct dependency set (a mocha run is one
// process), and npm shares its usual cache, so the whole matrix costs a few installs.

export const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

// npm started by `npm test` exports npm_config_* (workspace, prefix, …) that would steer the child npm
// into this repository; a consumer must see a clean environment.
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

let base: string | undefined;
function baseDir(): string {
  if (!base) {
    base = mkdtempSync(join(tmpdir(), 'patgate-consumers-'));
    const dir = base;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return base;
}

export interface Packed {
  tarball: string;
  files: string[];
}

let packing: Promise<Packed> | undefined;
/** Packs @patgate/middleware (already built by `npm test`'s build step) once per run. */
export function packMiddleware(): Promise<Packed> {
  packing ??= (async () => {
    const dest = join(baseDir(), 'pack');
    mkdirSync(dest, { recursive: true });
    const { stdout } = await run('npm', ['pack', '--json', '--workspace', '@patgate/middleware', '--pack-destination', dest], {
      cwd: root,
      env: cleanEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    return { tarball: join(dest, info!.filename), files: info!.files.map((f) => f.path) };
  })();
  return packing;
}

/** The dependency sets of the consumer apps; each is installed once per run. */
export const DEPENDENCY_SETS = {
  /** Express 5 with both Passport versions (aliases), other strategies and three TypeScript releases. */
  express5: {
    express: '5',
    passport: '0.7.0',
    passport06: 'npm:passport@0.6.0',
    'passport-anonymous': '1.0.1',
    'passport-http': '0.3.0',
    'passport-jwt': '4.0.1',
    jsonwebtoken: '9.0.3',
    '@types/express': '5',
    '@types/node': '20',
    '@types/passport': '1.0.17',
    ts50: 'npm:typescript@5.0.4',
    ts5latest: 'npm:typescript@5',
    typescript: 'latest',
  },
  express417: { express: '4.17.3', passport: '0.6.0', '@types/express': '4.17.21', '@types/node': '20', '@types/passport': '1.0.17' },
  express421: { express: '~4.21.0', passport: '0.7.0' },
  /** examples/nestjs's own dependencies, to build and test the example against the tarball. */
  nestjs: {
    '@nestjs/common': '^12.5.1',
    '@nestjs/core': '^12.5.1',
    '@nestjs/passport': '^12.0.0',
    '@nestjs/platform-express': '^12.5.1',
    passport: '^0.7.0',
    'reflect-metadata': '^0.2.2',
    rxjs: '^7.8.2',
    '@types/express': '5',
    '@types/node': '20',
    typescript: '~6.0.3',
  },
} as const satisfies Record<string, Record<string, string>>;

export type DependencySet = keyof typeof DEPENDENCY_SETS;

const installs = new Map<DependencySet, Promise<string>>();
/** A fresh app folder with the tarball and the set's packages installed; one per set per run. */
export function consumer(set: DependencySet): Promise<string> {
  let install = installs.get(set);
  if (!install) {
    install = (async () => {
      const { tarball } = await packMiddleware();
      const dir = join(baseDir(), set);
      mkdirSync(dir, { recursive: true });
      const dependencies = { '@patgate/middleware': `file:${tarball}`, ...DEPENDENCY_SETS[set] };
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${set}`, private: true, dependencies }, null, 2));
      await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
        cwd: dir,
        env: cleanEnv(),
        maxBuffer: 16 * 1024 * 1024,
      });
      return dir;
    })();
    installs.set(set, install);
  }
  return install;
}

/** `require` as seen from inside a consumer app: its own express, passport and the packed patgate. */
export function requireFrom(dir: string): NodeJS.Require {
  return createRequire(join(dir, 'package.json'));
}

/** Runs a command in a consumer folder and returns its stdout; failures carry stderr. */
export async function runIn(dir: string, command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd: dir, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${dir}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** What a consumer app prints once it listens: where, and the tokens to try. */
export interface StartedApp {
  base: string;
  readToken: string;
  /** Anything else the app reported about itself. */
  checks: Record<string, unknown>;
  stop: () => void;
}

/** Starts `node <file>` in a consumer folder and waits for its first stdout line, `{ port, readToken }`. */
export function startApp(dir: string, file: string): Promise<StartedApp> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [file], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      const { port, readToken, checks = {} } = JSON.parse(out.slice(0, newline)) as Omit<StartedApp, 'base' | 'stop'> & { port: number };
      resolvePromise({ base: `http://127.0.0.1:${port}`, readToken, checks, stop: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before listening:\n${out}\n${err}`)));
  });
}
