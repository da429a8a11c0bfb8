// `npm run bench:scale [-- --quick]`: does verification slow down as the token table grows? For the
// reference server's store (SequelizeTokenStore) on SQLite and on PostgreSQL: p50 and p99 of a verify
// with 1,000 tokens in the table, then with SCALE_TOKENS (default 1,000,000; --quick 100,000), inserted in
// bulk (one multi-row INSERT per 10,000 rows), plus the query plan of the lookup. The verifier's cache is
// off, so every verify reads the store. PostgreSQL from PATGATE_BENCH_PG_URL (default
// postgres://postgres@127.0.0.1:5432/test), in a fresh schema that is dropped afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateToken, hashSecret, TokenVerifier } from '@patgate/middleware';
import { initModels, migrate, openDatabase, SequelizeTokenStore } from '@patgate/server';
import type { Sequelize } from 'sequelize';

const quick = process.argv.includes('--quick');
const large = Number(process.env.SCALE_TOKENS ?? (quick ? 100_000 : 1_000_000));
const SMALL = 1_000;
const BATCH = 10_000;
const SAMPLE = 1_000; // tokens whose plaintext is kept, spread over the whole table
const PASSES = 3;
const pgUrl = process.env.PATGATE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pepper = randomBytes(32).toString('base64url');
const pepperBytes = Buffer.from(pepper, 'utf8');
const USERS = 1_000;

interface Measured {
  store: string;
  tokens: number;
  p50Us: number;
  p99Us: number;
  insertSeconds: number;
}

/** Adds `count` tokens (owners spread over USERS users) in multi-row INSERTs; keeps a sample's plaintext. */
async function addTokens(sequelize: Sequelize, owners: string[], count: number, sample: string[], every: number): Promise<number> {
  const qi = sequelize.getQueryInterface();
  const start = Date.now();
  const createdAt = new Date();
  const expiresAt = new Date(Date.now() + 86_400_000);
  for (let done = 0; done < count; done += BATCH) {
    const rows = [];
    for (let i = 0; i < Math.min(BATCH, count - done); i++) {
      const { token, id, secret, lastChars } = generateToken();
      if ((done + i) % every === 0) sample.push(token);
      rows.push({
        id,
        ownerId: owners[(done + i) % owners.length],
        name: 'scale',
        scopes: '["profile:read"]',
        secretHash: hashSecret(secret, pepperBytes),
        lastChars,
        createdAt,
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      });
    }
    await qi.bulkInsert('api_tokens', rows);
  }
  return (Date.now() - start) / 1000;
}

/** p50 and p99 of verifying the sampled tokens (each once to warm up, then PASSES times in random order). */
async function timeVerify(verifier: TokenVerifier, tokens: string[]): Promise<{ p50Us: number; p99Us: number }> {
  for (const token of tokens) if (!(await verifier.verify(token)).ok) throw new Error('a sampled token did not verify');
  // Let the first uses' last-used writes finish, so none lands inside the measurement.
  await new Promise((done) => setTimeout(done, 500));
  const times: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const order = [...tokens].sort(() => Math.random() - 0.5);
    for (const token of order) {
      const start = process.hrtime.bigint();
      await verifier.verify(token);
      times.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { p50Us: times[Math.floor(times.length / 2)]!, p99Us: times[Math.floor(times.length * 0.99)]! };
}

async function queryPlan(sequelize: Sequelize, kind: string, id: string): Promise<string> {
  const sql = kind === 'sqlite' ? 'EXPLAIN QUERY PLAN SELECT * FROM api_tokens WHERE id = ?' : 'EXPLAIN SELECT * FROM api_tokens WHERE id = $1';
  const [rows] = await sequelize.query(sql, kind === 'sqlite' ? { replacements: [id] } : { bind: [id] });
  return (rows as Record<string, unknown>[]).map((row) => String(row.detail ?? row['QUERY PLAN'])).join(' / ');
}

async function scale(kind: 'sqlite' | 'postgres'): Promise<{ rows: Measured[]; plan: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'patgate-scale-'));
  const schema = `patgate_scale_${randomBytes(4).toString('hex')}`;
  let admin: Sequelize | undefined;
  if (kind === 'postgres') {
    admin = openDatabase({ url: pgUrl });
    await admin.query(`CREATE SCHEMA ${schema}`);
  }
  const sequelize = kind === 'sqlite' ? openDatabase({ url: `sqlite:${join(dir, 'scale.sqlite')}` }) : openDatabase({ url: pgUrl, schema });
  try {
    await migrate(sequelize);
    const models = initModels(sequelize);
    const owners = Array.from({ length: USERS }, () => randomUUID());
    await models.User.bulkCreate(owners.map((id, i) => ({ id, email: `scale${i}@bench.example`, name: `Scale ${i}` })));
    const verifier = new TokenVerifier({ store: new SequelizeTokenStore(models), pepper, cacheTtlMs: 0, touchIntervalMs: 3_600_000 });
    const rows: Measured[] = [];
    const sample: string[] = [];
    let insertSeconds = await addTokens(sequelize, owners, SMALL, sample, 1);
    rows.push({ store: kind, tokens: SMALL, ...(await timeVerify(verifier, sample.slice(0, SAMPLE))), insertSeconds });
    console.log(`${kind}: ${SMALL} tokens: p50 ${rows[0]!.p50Us.toFixed(0)} us`);
    const bigSample: string[] = [];
    insertSeconds = await addTokens(sequelize, owners, large - SMALL, bigSample, Math.max(1, Math.floor((large - SMALL) / SAMPLE)));
    if (kind === 'postgres') await sequelize.query('ANALYZE api_tokens');
    rows.push({ store: kind, tokens: large, ...(await timeVerify(verifier, bigSample.slice(0, SAMPLE))), insertSeconds });
    console.log(`${kind}: ${large} tokens (inserted in ${insertSeconds.toFixed(0)} s): p50 ${rows[1]!.p50Us.toFixed(0)} us`);
    const plan = await queryPlan(sequelize, kind, bigSample[0]!.slice(4, 14));
    return { rows, plan };
  } finally {
    await sequelize.close();
    if (admin) {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const kind of ['sqlite', 'postgres'] as const) results.push(await scale(kind));
const lines = [
  `| store | tokens | verify p50 µs | verify p99 µs | p50 vs 1,000 tokens | bulk insert s |`,
  `| --- | --- | --- | --- | --- | --- |`,
];
for (const { rows } of results) {
  const base = rows[0]!.p50Us;
  for (const row of rows) {
    lines.push(`| ${row.store} | ${row.tokens.toLocaleString('en')} | ${row.p50Us.toFixed(0)} | ${row.p99Us.toFixed(0)} | ${(row.p50Us / base).toFixed(2)} | ${row.insertSeconds.toFixed(1)} |`);
  }
}
const plans = results.map(({ rows, plan }) => `- ${rows[0]!.store}: ${plan}`);
const markdown = `${lines.join('\n')}\n\nThe lookup's query plan:\n\n${plans.join('\n')}\n`;
console.log(`\n${markdown}`);
const out = resolve(import.meta.dirname, '..', '..', 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'scale-latest.json'), JSON.stringify({ at: new Date().toISOString(), large, results }, null, 2));
writeFileSync(join(out, 'scale-latest.md'), markdown);
console.log('wrote bench/results/scale-latest.{json,md}');
