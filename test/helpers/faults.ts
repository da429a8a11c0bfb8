// Shared pieces of the fault tests: a fresh PostgreSQL database, request loops that record every answer,
// and polling with a deadline.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { PG_URL, reachable } from './instances.js';

/** How long each outage lasts (PATGATE_FAULT_OUTAGE_MS, default 10 s as the issue asks). */
export const OUTAGE_MS = Number(process.env.PATGATE_FAULT_OUTAGE_MS ?? 10_000);

/** Skips the suite (or fails it under CI) when one of the services is not reachable. */
export async function requireServices(context: Mocha.Context, ...urls: string[]): Promise<void> {
  const missing: string[] = [];
  for (const url of urls) if (!(await reachable(url))) missing.push(url);
  if (missing.length === 0) return;
  if (process.env.CI) throw new Error(`CI needs these services; not reachable: ${missing.join(', ')}`);
  console.log(`skipped: not reachable: ${missing.join(', ')}`);
  context.skip();
}

/** Creates a database of its own on the test PostgreSQL; `drop()` removes it. */
export async function freshPgDatabase(): Promise<{ url: URL; drop(): Promise<void> }> {
  const name = `patgate_fault_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url,
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** One answer a request loop saw. */
export interface Answer {
  label: string;
  status: number;
  ms: number;
  at: number;
  code?: string;
  retryAfter?: string | null;
}

/** Runs `requests` (label -> request) in parallel loops until `stop()`, recording every answer. */
export function trafficLoop(requests: Record<string, () => Promise<Response>>, concurrency = 1): { answers: Answer[]; stop(): Promise<void> } {
  const answers: Answer[] = [];
  let running = true;
  const loop = async (label: string, send: () => Promise<Response>) => {
    while (running) {
      const started = Date.now();
      let status = 0;
      let code: string | undefined;
      let retryAfter: string | null = null;
      try {
        const res = await send();
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        const text = await res.text();
        if (status >= 400 && text.startsWith('{')) code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        status = 0; // no answer at all (connection refused or reset): also a failure
      }
      answers.push({ label, status, ms: Date.now() - started, at: started, code, retryAfter });
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const loops = Object.entries(requests).flatMap(([label, send]) => Array.from({ length: concurrency }, () => loop(label, send)));
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Polls `probe` every 50 ms until it returns true; resolves the milliseconds it took, or rejects after `ms`. */
export async function within(ms: number, probe: () => Promise<boolean> | boolean, what = 'condition'): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

/** Open file descriptors of a process (Linux /proc). */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
