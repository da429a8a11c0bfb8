import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { connectRedisLink, type ClusterLink } from '../../src/cluster/redis-link.js';
import { REDIS_URL, skipWithoutRedis } from '../helpers/redis.js';
import { createUser } from '../../src/services/users.js';
import { withDatabase } from '../helpers/db.js';
import { TEST_SECRET } from '../http/helpers.js';

/** Polls until `check` passes (a Redis message is on its way), at most two seconds. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('user cache across instances', function () {
  const db = withDatabase('sqlite');
  const links: ClusterLink[] = [];

  skipWithoutRedis();

  after(() => Promise.all(links.map((link) => link.close())));

  it('drops a changed or deleted user from every instance at once, through the Redis link', async () => {
    const prefix = `patgate-test-${randomBytes(4).toString('hex')}:`;
    const instances = [];
    for (let i = 0; i < 2; i++) {
      const cluster = await connectRedisLink(REDIS_URL, (error) => expect.fail(String(error)), { prefix });
      links.push(cluster);
      // A minute of caching: only the published invalidation can explain a fresh read.
      instances.push(createApp({ sequelize: db.sequelize, models: db.models, secret: TEST_SECRET, tokenCacheTtlMs: 60_000, cluster }));
    }
    const [one, two] = instances as [(typeof instances)[number], (typeof instances)[number]];
    const ada = await createUser(db.models, { email: 'ada@example.com', name: 'Ada', password: null });
    const { token } = await one.locals.patgate.issuer.create({ ownerId: ada.id, name: 't', scopes: ['profile:read'] });
    const get = (app: typeof one) => request(app).get('/api/user').set('Authorization', `Bearer ${token}`);
    for (const app of instances) expect((await get(app).expect(200)).body.name).to.equal('Ada');

    await db.models.User.update({ name: 'Ada Lovelace' }, { where: { id: ada.id } });
    expect((await get(two).expect(200)).body.name).to.equal('Ada'); // cached, and not yet announced
    one.locals.patgate.userChanged(ada.id);
    await eventually(async () => void expect((await get(two).expect(200)).body.name).to.equal('Ada Lovelace'));

    await db.models.User.destroy({ where: { id: ada.id } });
    one.locals.patgate.userChanged(ada.id);
    // The token record is still cached on `two`; the user lookup is what refuses it.
    await eventually(async () => void (await get(two).expect(401)));
    await get(one).expect(401);
  });
});
