import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { generateToken } from '@patgate/middleware';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import type { PatgateApp } from '../../src/app.js';
import { connectRedisLink, type ClusterLink } from '../../src/cluster/redis-link.js';
import { createUser } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import { DATABASE_KINDS, TEST_SECRET, withApi } from './helpers.js';

const REDIS_URL = process.env.PATGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 60;
const FLOOD = 1000;
const ATTACKER = '203.0.113.7';
const USER = '198.51.100.9';

/** Counts the token store's lookups, split into those for `validId` and all others (the flood's). */
function countLookups(app: PatgateApp, validId: () => string) {
  const store = app.locals.patgate.tokenStore;
  const counts = { flood: 0, valid: 0 };
  const findById = store.findById.bind(store);
  store.findById = (id: string) => {
    if (id === validId()) counts.valid++;
    else counts.flood++;
    return findById(id);
  };
  return counts;
}

/** Sends the flood in waves of `concurrency`, with the user's valid request between waves; returns every status. */
async function flood(
  send: (token: string, i: number) => request.Test,
  legit: (i: number) => request.Test,
  concurrency = 20,
): Promise<{ flood: number[]; legit: number[] }> {
  const statuses: number[] = [];
  const legitStatuses: number[] = [];
  for (let start = 0; start < FLOOD; start += concurrency) {
    const wave = Array.from({ length: Math.min(concurrency, FLOOD - start) }, (_, k) => send(generateToken('pat').token, start + k));
    const [answers, mine] = await Promise.all([Promise.all(wave), legit(start)]);
    for (const res of answers) {
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body).to.have.nested.property('error.code', 'too_many_failures');
        expect(Number(res.headers['retry-after'])).to.be.within(1, 60);
      }
    }
    legitStatuses.push(mine.status);
  }
  return { flood: statuses, legit: legitStatuses };
}

for (const kind of DATABASE_KINDS) {
  describe(`a flood of forged tokens on ${kind}`, function () {
    this.timeout(120_000);
    const api = withApi(kind, { trustProxy: 'loopback', authFailuresPerMinute: LIMIT });

    it(`answers ${FLOOD} forged valid-checksum tokens from one address with 429 after ${LIMIT}, while a valid token from another keeps getting 200, in at most ${LIMIT} lookups`, async () => {
      const ada = await api.actor('ada', ['profile:read']);
      const validId = ada.token.slice(4, 14);
      const lookups = countLookups(api.app, () => validId);
      const paths = ['/api/user', '/graphql'];
      const result = await flood(
        (token, i) => {
          const path = paths[i % 2]!;
          const req = path === '/graphql' ? api.http().post(path).send({ query: '{ user { id } }' }) : api.http().get(path);
          return req.set('X-Forwarded-For', ATTACKER).set('Authorization', `Bearer ${token}`);
        },
        () => api.http().get('/api/user').set('X-Forwarded-For', USER).set('Authorization', ada.auth),
      );
      expect(result.flood.filter((s) => s === 401)).to.have.length(LIMIT);
      expect(result.flood.filter((s) => s === 429)).to.have.length(FLOOD - LIMIT);
      expect(result.legit.every((s) => s === 200), `legit statuses ${result.legit.join(',')}`).to.equal(true);
      expect(lookups.flood, 'store lookups the flood caused').to.be.at.most(LIMIT);
      expect(lookups.valid, 'the wrapper sees the valid token too (cached after its first lookup)').to.be.at.least(1);
    });

    it('counts failures per address: the X-Forwarded-For address under trust proxy, not the proxy', async () => {
      const ada = await api.actor('ada', ['profile:read']);
      for (let i = 0; i < LIMIT; i++) {
        await api.http().get('/api/user').set('X-Forwarded-For', ATTACKER).set('Authorization', `Bearer ${generateToken('pat').token}`).expect(401);
      }
      await api.http().get('/api/user').set('X-Forwarded-For', ATTACKER).set('Authorization', ada.auth).expect(429);
      await api.http().get('/api/user').set('X-Forwarded-For', '192.0.2.1').set('Authorization', `Bearer ${generateToken('pat').token}`).expect(401);
    });
  });
}

describe('a flood of forged tokens over two instances sharing Redis', function () {
  this.timeout(120_000);
  const db = withDatabase('postgres');
  const links: ClusterLink[] = [];
  let apps: PatgateApp[] = [];

  before(async function () {
    const up = await new Promise<boolean>((done) => {
      const { hostname, port } = new URL(REDIS_URL);
      const socket = createConnection({ host: hostname, port: Number(port) }, () => (socket.end(), done(true)));
      socket.on('error', () => done(false));
    });
    if (!up) {
      if (process.env.CI) throw new Error(`CI needs Redis at ${REDIS_URL}`);
      console.warn(`      skipped: no Redis at ${REDIS_URL}`);
      this.skip();
    }
    // A random prefix: other test runs share this Redis.
    const prefix = `patgate-test:${randomBytes(6).toString('hex')}:`;
    for (let i = 0; i < 2; i++) links.push(await connectRedisLink(REDIS_URL, () => undefined, { prefix }));
    apps = links.map((cluster) =>
      createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, cluster, trustProxy: 'loopback', authFailuresPerMinute: LIMIT }),
    );
  });
  after(async () => {
    await Promise.all(links.map((link) => link.close()));
  });

  it(`shares the count: ${LIMIT} failures in all across both, then 429 from either, and the valid token keeps working on both`, async () => {
    const user = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    const { token } = await apps[0]!.locals.patgate.issuer.create({ ownerId: user.id, name: 'ci', scopes: ['profile:read'] });
    const validId = token.slice(4, 14);
    const counts = apps.map((app) => countLookups(app, () => validId));
    const result = await flood(
      (forged, i) => request(apps[i % 2]!).get('/api/user').set('X-Forwarded-For', ATTACKER).set('Authorization', `Bearer ${forged}`),
      (i) => request(apps[(i / 20) % 2]!).get('/api/user').set('X-Forwarded-For', USER).set('Authorization', `Bearer ${token}`),
    );
    expect(result.flood.filter((s) => s === 401)).to.have.length(LIMIT);
    expect(result.flood.filter((s) => s === 429)).to.have.length(FLOOD - LIMIT);
    expect(result.legit.every((s) => s === 200)).to.equal(true);
    expect(counts[0]!.flood + counts[1]!.flood, 'store lookups on both instances').to.be.at.most(LIMIT);
  });
});
