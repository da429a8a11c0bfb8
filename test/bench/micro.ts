// `node --import=tsx test/bench/micro.ts`: the middleware alone, called in a loop with a stub request, in
// one process: nanoseconds per call for the hand-written SHA-256 + Map check and for patgate's paths. The
// HTTP benchmark (run.ts) is what counts; this isolates the part patgate adds, and is far less noisy on a
// busy machine. Each line is the median of 7 rounds.
import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { authenticate, MemoryTokenStore, requireScopes, TokenIssuer, TokenVerifier } from '@patgate/middleware';

const pepper = randomBytes(32).toString('base64url');
const store = new MemoryTokenStore();
const verifier = new TokenVerifier({ store, pepper, cacheTtlMs: 60_000 });
const issuer = new TokenIssuer({ store, pepper, scopes: ['read'] });
const owner = (ownerId: string) => ({ ownerId, name: 'bench', scopes: ['read'] });
const { token } = await issuer.create(owner('u1'));
const otherPepper = randomBytes(32).toString('base64url');
const wrongSecret = (await new TokenIssuer({ store, pepper: otherPepper, scopes: ['read'] }).create(owner('x'))).token;
const unknownId = (await new TokenIssuer({ store: new MemoryTokenStore(), pepper: otherPepper, scopes: ['read'] }).create(owner('x'))).token;
const badChecksum = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

const rows = new Map([[createHash('sha256').update(token).digest('hex'), { user: { id: 'u1' }, expiresAt: Date.now() + 3_600_000 }]]);
const handWritten: RequestHandler = (req, res, next) => {
  const header = req.headers.authorization;
  const row = header?.startsWith('Bearer ') ? rows.get(createHash('sha256').update(header.slice(7)).digest('hex')) : undefined;
  if (!row || row.expiresAt <= Date.now()) return void res.status(401).json({ error: 'invalid_token' });
  req.user = row.user as Express.User;
  next();
};
const auth = authenticate(verifier);
const guard = requireScopes('read');

/** Runs `handler` n times on a fresh stub request each time; resolves once every `next` has been called. */
async function time(handler: RequestHandler, value: string, n: number, then?: RequestHandler): Promise<number> {
  let pending = n;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const res = { status: () => res, json: () => res } as never;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const req = { headers: { authorization: `Bearer ${value}` } } as never;
    const next = () => (then ? then(req, res, () => --pending || done()) : --pending || done());
    handler(req, res, next as never);
  }
  await finished;
  return Number(process.hrtime.bigint() - start) / n;
}

const cases: [string, RequestHandler, string, RequestHandler?][] = [
  ['hand-written SHA-256 + Map', handWritten, token],
  ['patgate authenticate() + requireScopes', auth, token, guard],
  ['patgate refusing a bad checksum', auth, badChecksum],
  ['patgate refusing an unknown id', auth, unknownId],
  ['patgate refusing a wrong secret', auth, wrongSecret],
];
const results = new Map<string, number[]>();
for (let round = 0; round < 7; round++) {
  for (const [name, handler, value, then] of cases) {
    const ns = await time(handler, value, 50_000, then);
    results.set(name, [...(results.get(name) ?? []), ns]);
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const base = median(results.get(cases[0]![0])!);
for (const [name, list] of results) console.log(`${name.padEnd(42)} ${median(list).toFixed(0).padStart(6)} ns/request  (${(median(list) / base).toFixed(2)} x hand-written)`);
