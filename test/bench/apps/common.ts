import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { RequestHandler } from 'express';

/** What every benchmarked route answers: a small JSON body. */
export const ok: RequestHandler = (req, res) => {
  res.json({ ok: true, user: (req.user as { id?: string } | undefined)?.id ?? null });
};

/** Tokens a variant hands the runner, by name (`valid`, `badChecksum`, ...). */
export type Tokens = Record<string, string>;

/** A server variant once built: an Express app to listen with, or a URL that already listens. */
export type Built = { app: { listen: (port: number, host: string) => Server }; tokens: Tokens } | { url: string; tokens: Tokens };

/** How many tokens each variant with a store holds, so no lookup is against a single entry. */
export const TOKEN_COUNT = Number(process.env.BENCH_TOKENS ?? 100_000);

/** A random base62-ish string for the baselines' own token formats. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
