// `npm run bench:scale [-- --quick] [-- --docs]` (--docs writes the table into docs/performance.md): does verification slow down as the token table grows? For the
// reference server's store (SequelizeTokenStore) on SQLite and on PostgreSQL: p50 and p99 of a verify
// with 1,000 tokens in one table and SCALE_TOKENS (default 1,000,000; --quick 100,000) in another,
// inserted in bulk (one multi-row INSERT per 10,000 rows), measured in alternating passes, plus the query
// plan of the lookup. The verifier's cache is
// off, so every verify reads the store. PostgreSQL from PATGATE_BENCH_PG_URL (default
// postgres://postgres@127.0.0.1:5432/test), in a fresh schema that is dropped afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateToken, hashSecret, TokenVerifier } from '@patgate/middleware';
import { initModels, migrate, openDatabase, SequelizeTokenStore } from '@patgate/server';
import type { Sequelize } from 'sequelize';

const quick = process.argv.includes('--quick');
const large = Number(process.env.SCALE_TOKENS ?? (quick ? 100_000 : 1_000_000));
const SMALL = 1_000;
const BATCH = 10_000;
const SAMPLE = 1_000; // tokens whose plaintext is kept, spread over the whole table
const ROUNDS = 7; // alternating passes over each size
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

/** Verifies each sampled token once, so the first uses' last-used writes are done before measuring. */
async function warm(verifier: TokenVerifier, tokens: string[]): Promise<void> {
  for (const token of tokens) if (!(await verifier.verify(token)).ok) throw new Error('a sampled token did not verify');
  await new Promise((done) => setTimeout(done, 500));
}

/** Microseconds of each verify of the sampled tokens, in random order. */
async function pass(verifier: TokenVerifier, tokens: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const token of [...tokens].sort(() => Math.random() - 0.5)) {
    const start = process.hrtime.bigint();
    await verifier.verify(token);
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times;
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * q)]!;

async function queryPlan(sequelize: Sequelize, kind: string, id: string): Promise<string> {
  const sql = kind === 'sqlite' ? 'EXPLAIN QUERY PLAN SELECT * FROM api_tokens WHERE id = ?' : 'EXPLAIN SELECT * FROM api_tokens WHERE id = $1';
  const [rows] = await sequelize.query(sql, kind === 'sqlite' ? { replacements: [id] } : { bind: [id] });
  return (rows as Record<string, unknown>[]).map((row) => String(row.detail ?? row['QUERY PLAN'])).join(' / ');
}

/** A fresh, migrated database of `kind` holding `count` tokens; `close` removes it. */
async function database(kind: 'sqlite' | 'postgres', count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'patgate-scale-'));
  const schema = `patgate_scale_${randomBytes(4).toString('hex')}`;
  const admin = kind === 'postgres' ? openDatabase({ url: pgUrl }) : undefined;
  await admin?.query(`CREATE SCHEMA ${schema}`);
  const sequelize = kind === 'sqlite' ? openDatabase({ url: `sqlite:${join(dir, 'scale.sqlite')}` }) : openDatabase({ url: pgUrl, schema });
  const close = async () => {
    await sequelize.close();
    await admin?.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrate(sequelize);
    const models = initModels(sequelize);
    const owners = Array.from({ length: USERS }, () => randomUUID());
    await models.User.bulkCreate(owners.map((id, i) => ({ id, email: `scale${i}@bench.example`, name: `Scale ${i}` })));
    const sample: string[] = [];
    const insertSeconds = await addTokens(sequelize, owners, count, sample, Math.max(1, Math.floor(count / SAMPLE)));
    if (kind === 'postgres') await sequelize.query('ANALYZE api_tokens');
    const verifier = new TokenVerifier({ store: new SequelizeTokenStore(models), pepper, cacheTtlMs: 0, touchIntervalMs: 3_600_000 });
    const tokens = sample.slice(0, SAMPLE);
    await warm(verifier, tokens);
    return { sequelize, verifier, tokens, insertSeconds, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The two sizes side by side: both databases exist at once and passes alternate between them (as the
 * HTTP bench alternates variants), so a burst of load from elsewhere lands on both alike.
 */
async function scale(kind: 'sqlite' | 'postgres'): Promise<{ rows: Measured[]; ratios: number[]; plan: string }> {
  const small = await database(kind, SMALL);
  try {
    const big = await database(kind, large);
    try {
      console.log(`${kind}: ${large.toLocaleString('en')} tokens inserted in ${big.insertSeconds.toFixed(0)} s`);
      const times = { small: [] as number[], big: [] as number[] };
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Which size goes first alternates too, so neither always follows the other.
        let a: number[];
        let b: number[];
        if (round % 2 === 0) {
          a = await pass(small.verifier, small.tokens);
          b = await pass(big.verifier, big.tokens);
        } else {
          b = await pass(big.verifier, big.tokens);
          a = await pass(small.verifier, small.tokens);
        }
        times.small.push(...a);
        times.big.push(...b);
        ratios.push(quantile(b, 0.5) / quantile(a, 0.5));
      }
      const row = (tokens: number, list: number[], insertSeconds: number): Measured => ({
        store: kind,
        tokens,
        p50Us: quantile(list, 0.5),
        p99Us: quantile(list, 0.99),
        insertSeconds,
      });
      const plan = await queryPlan(big.sequelize, kind, big.tokens[0]!.slice(4, 14));
      return { rows: [row(SMALL, times.small, small.insertSeconds), row(large, times.big, big.insertSeconds)], ratios, plan };
    } finally {
      await big.close();
    }
  } finally {
    await small.close();
  }
}

const results = [];
for (const kind of ['sqlite', 'postgres'] as const) results.push(await scale(kind));
const lines = [
  `| store | tokens | verify p50 µs | verify p99 µs | p50 vs 1,000 tokens (median of ${ROUNDS} alternating rounds) | bulk insert s |`,
  `| --- | --- | --- | --- | --- | --- |`,
];
for (const { rows, ratios } of results) {
  const ratio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  for (const [i, row] of rows.entries()) {
    const vs = i === 0 ? '1.00' : `${ratio.toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`;
    lines.push(`| ${row.store} | ${row.tokens.toLocaleString('en')} | ${row.p50Us.toFixed(0)} | ${row.p99Us.toFixed(0)} | ${vs} | ${row.insertSeconds.toFixed(1)} |`);
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
if (process.argv.includes('--docs')) {
  const page = resolve(import.meta.dirname, '..', '..', 'docs', 'performance.md');
  const text = readFileSync(page, 'utf8');
  const [start, end] = ['<!-- scale:start -->', '<!-- scale:end -->'];
  if (!text.includes(start) || !text.includes(end)) throw new Error(`docs/performance.md lacks the ${start} ... ${end} markers`);
  const stamp = `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, Node ${process.version}`;
  writeFileSync(page, `${text.slice(0, text.indexOf(start) + start.length)}\n${stamp}\n\n${markdown}${text.slice(text.indexOf(end))}`);
  console.log('updated docs/performance.md');
}
