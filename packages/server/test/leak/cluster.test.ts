import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import type { PatgateApp } from '../../src/app.js';
import { connectRedisLink } from '../../src/cluster/redis-link.js';
import type { ClusterLink } from '../../src/cluster/redis-link.js';
import { createUser } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';
import { forgedValue } from './helpers.js';

const REDIS_URL = process.env.PATGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = createConnection({ host: hostname, port: Number(port) }, () => (socket.end(), done(true)));
    socket.on('error', () => done(false));
  });
}

describe('leak response across two instances linked by Redis', function () {
  const db = withDatabase('postgres');
  const links: ClusterLink[] = [];
  let one: PatgateApp;
  let two: PatgateApp;

  before(async function () {
    if (!(await reachable(REDIS_URL))) {
      if (process.env.CI) throw new Error(`CI needs Redis at ${REDIS_URL}`);
      console.warn(`      skipped: no Redis at ${REDIS_URL}`);
      this.skip();
    }
  });

  beforeEach(async () => {
    await db.truncate();
    // A prefix of its own, so other runs sharing this Redis neither see nor count these revocations.
    const prefix = `patgate-test-${randomBytes(6).toString('hex')}:`;
    const make = async () => {
      const cluster = await connectRedisLink(REDIS_URL, () => undefined, { prefix });
      links.push(cluster);
      // A ten-minute cache: only the broadcast can make the other instance refuse a revoked token in time.
      return createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, cluster, tokenCacheTtlMs: 600_000, credentialRevokePerHour: 3 });
    };
    [one, two] = [await make(), await make()];
  });

  afterEach(async () => {
    await Promise.all(links.splice(0).map((link) => link.close()));
  });

  it('a token revoked by value on one instance is refused at once by the other, whatever its cache holds', async () => {
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    const { token } = await one.locals.patgate.issuer.create({ ownerId: ada.id, name: 'ci', scopes: ['profile:read'] });
    await request(two).get('/api/user').set('Authorization', `Bearer ${token}`).expect(200); // cached on two
    await request(one).post('/api/credentials/revoke').send({ credentials: [token] }).expect(202);
    // The broadcast is asynchronous: wait for it (bounded), not for the ten-minute cache.
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await request(two).get('/api/user').set('Authorization', `Bearer ${token}`)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).to.equal(401);
  });

  it('counts one address against one hourly budget on every instance', async () => {
    const send = (app: PatgateApp) => request(app).post('/api/credentials/revoke').send({ credentials: [forgedValue()] });
    expect((await send(one)).status).to.equal(202);
    expect((await send(two)).status).to.equal(202);
    expect((await send(one)).status).to.equal(202);
    expect((await send(two)).status).to.equal(429);
  });
});
