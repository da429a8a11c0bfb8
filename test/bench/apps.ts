// The benchmark's servers, in one child process so the load generator has the other core. Prints
// `{ "<scenario>": { port, token, path } }` on one line once every app listens.
import { createHash, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import passport from 'passport';
import { Strategy as HttpBearerStrategy } from 'passport-http-bearer';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticate, BearerTokenStrategy, MemoryTokenStore, requireScopes, TokenIssuer, TokenVerifier, patgateErrorHandler } from '@patgate/middleware';
import { createApp, migrate, openDatabase } from '@patgate/server';

const pepper = randomBytes(32).toString('base64url');
const ok: RequestHandler = (_req, res) => {
  res.json({ ok: true });
};

interface Scenario {
  name: string;
  app: express.Express;
  token: string;
  /** Defaults to `/r`. */
  path?: string;
}

async function patgateApps(): Promise<Scenario[]> {
  const store = new MemoryTokenStore();
  const verifier = new TokenVerifier({ store, pepper, onError: () => undefined });
  const issuer = new TokenIssuer({ store, pepper, scopes: ['read'] });
  // Many tokens in the store, so lookups are not against a single entry.
  for (let i = 0; i < 999; i++) await issuer.create({ ownerId: `u${i}`, name: 't', scopes: ['read'] });
  const { token } = await issuer.create({ ownerId: 'bench', name: 'bench', scopes: ['read'] });

  const plain = express();
  plain.get('/r', authenticate(verifier), requireScopes('read'), ok);
  plain.use(patgateErrorHandler());

  const viaPassport = express();
  const instance = new passport.Passport();
  instance.use(new BearerTokenStrategy(verifier));
  viaPassport.use(instance.initialize());
  viaPassport.get('/r', instance.authenticate('bearer', { session: false, failWithError: true }), requireScopes('read'), ok);
  viaPassport.use(patgateErrorHandler());

  const badChecksum = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
  return [
    { name: 'patgate authenticate() + requireScopes', app: plain, token },
    { name: 'patgate Passport strategy + requireScopes', app: viaPassport, token },
    { name: 'patgate refusing a bad checksum (401)', app: plain, token: badChecksum },
  ];
}

/** What a team might write instead: passport-http-bearer over a map of token digests. */
function httpBearerApp(kind: 'sha256' | 'scrypt'): Scenario {
  const token = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const digest = (value: string) =>
    kind === 'sha256' ? createHash('sha256').update(value).digest() : scryptSync(value, salt, 32, { N: 16384, r: 8, p: 1 });
  // Keyed by an id the way a real table would be: the first 8 characters.
  const rows = new Map([[token.slice(0, 8), { user: { id: 'bench' }, hash: digest(token), scopes: ['read'] }]]);
  const instance = new passport.Passport();
  instance.use(
    new HttpBearerStrategy((value, done) => {
      const row = rows.get(value.slice(0, 8));
      if (!row || !timingSafeEqual(row.hash, digest(value))) return done(null, false);
      done(null, row.user, { scope: row.scopes });
    }),
  );
  const app = express();
  app.use(instance.initialize());
  app.get('/r', instance.authenticate('bearer', { session: false }), ok);
  return { name: `passport-http-bearer + ${kind} tokens`, app, token };
}

/** The reference server's own app on a SQLite file: `GET /api/user` through Sequelize, cache off and on. */
async function serverApps(): Promise<Scenario[]> {
  const sequelize = openDatabase({ url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'patgate-bench-')), 'bench.sqlite')}` });
  await migrate(sequelize);
  const scenarios: Scenario[] = [];
  for (const [label, tokenCacheTtlMs] of [['no token cache', 0], ['token cache 2 s', 2000]] as const) {
    // The per-token limit stays on, so its cost is measured, but high enough never to answer 429 here.
    const app = createApp({ sequelize, secret: pepper, tokenCacheTtlMs, apiRateLimitPerMinute: 1_000_000_000 });
    const { models, issuer } = app.locals.patgate;
    const user = await models.User.create({ id: randomUUID(), email: `${tokenCacheTtlMs}@bench.example`, name: 'Bench' });
    const { token } = await issuer.create({ ownerId: user.id, name: 'bench', scopes: ['profile:read'] });
    scenarios.push({ name: `reference server GET /api/user on SQLite, ${label}`, app, token, path: '/api/user' });
  }
  return scenarios;
}

async function main(): Promise<void> {
  const bare = express();
  bare.get('/r', ok);
  const scenarios: Scenario[] = [
    { name: 'bare Express route', app: bare, token: '' },
    ...(await patgateApps()),
    httpBearerApp('sha256'),
    ...(await serverApps()),
    // Last: a slow hash leaves a backlog that would spill into the next scenario's measurement.
    httpBearerApp('scrypt'),
  ];
  const out: Record<string, { port: number; token: string; path: string }> = {};
  for (const { name, app, token, path = '/r' } of scenarios) {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    out[name] = { port: (server.address() as AddressInfo).port, token, path };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
