// `node --import=tsx test/bench/revoke-timing.ts`: how much the answer time of POST /api/credentials/revoke
// says about the values sent. Each round posts one batch of BATCH values (default 10) of each kind, in a
// shuffled order: all live tokens (each revoked by that request), all revoked, all forged (real ids, wrong
// secrets, valid checksums), and all malformed. Prints the median and 90th percentile per kind over ROUNDS
// rounds (default 60), on SQLite by default or on PostgreSQL at DATABASE_URL (in a schema of its own,
// dropped afterwards). A measurement for the docs, not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { createApp, initModels, migrate, openDatabase } from '@patgate/server';

const rounds = Number(process.env.ROUNDS ?? 60);
const batch = Number(process.env.BATCH ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'patgate-revoke-timing-'));
const pgUrl = process.env.DATABASE_URL;
const schema = `patgate_bench_${randomUUID().slice(0, 8)}`;
const admin = pgUrl ? openDatabase({ url: pgUrl }) : undefined;
await admin?.query(`CREATE SCHEMA "${schema}"`);
const sequelize = openDatabase(pgUrl ? { url: pgUrl, schema } : { url: `sqlite:${join(dir, 'bench.sqlite')}` });
await migrate(sequelize);
const models = initModels(sequelize);
const app = createApp({ sequelize, models, secret: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz', credentialRevokePerHour: 1_000_000 });
const { issuer } = app.locals.patgate;
const owner = await models.User.create({ id: randomUUID(), email: `${randomUUID()}@example.com`, name: 'bench' });
const mint = async () => (await issuer.create({ ownerId: owner.id, name: 'bench', scopes: ['profile:read'] }, { actor: 'cli' })).token;
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/credentials/revoke`;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A real token's id with another secret and a valid checksum (CRC32 in 6 base62 characters). */
const forge = (token: string) => {
  const head = `${token.slice(0, 14)}${[...token.slice(14, 46)].reverse().join('')}`;
  let rest = crc32(head) >>> 0;
  let sum = '';
  for (let i = 0; i < 6; i++, rest = Math.floor(rest / 62)) sum = BASE62[rest % 62] + sum;
  return head + sum;
};

async function post(credentials: string[]): Promise<number> {
  const start = process.hrtime.bigint();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credentials }) });
  await res.text();
  if (res.status !== 202) throw new Error(`answered ${res.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const times: Record<string, number[]> = { live: [], revoked: [], forged: [], malformed: [] };
const bystanders = await Promise.all(Array.from({ length: batch }, mint));
for (let round = 0; round < rounds; round++) {
  const live = [];
  for (let i = 0; i < batch; i++) live.push(await mint());
  const dead = [];
  for (let i = 0; i < batch; i++) dead.push(await mint());
  for (const token of dead) await issuer.revoke(owner.id, token.slice(4, 14));
  const kinds: [string, string[]][] = [
    ['live', live],
    ['revoked', dead],
    ['forged', bystanders.map(forge)],
    ['malformed', Array.from({ length: batch }, (_, i) => `pat_not-a-token-${round}-${i}`)],
  ];
  kinds.sort(() => Math.random() - 0.5);
  for (const [kind, values] of kinds) times[kind]!.push(await post(values));
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
console.log(`POST /api/credentials/revoke, ${batch} values per request, ${rounds} rounds, ${pgUrl ? 'PostgreSQL' : 'SQLite'}`);
for (const [kind, values] of Object.entries(times)) {
  console.log(`${kind.padEnd(10)} median ${quantile(values, 0.5).toFixed(2)} ms   p90 ${quantile(values, 0.9).toFixed(2)} ms`);
}
server.close();
await app.locals.patgate.events.close();
await sequelize.close();
await admin?.query(`DROP SCHEMA "${schema}" CASCADE`);
await admin?.close();
rmSync(dir, { recursive: true, force: true });
