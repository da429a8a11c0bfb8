import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { connectRedisLink, type ClusterLink } from '../../src/cluster/redis-link.js';
import { REDIS_URL, skipWithoutRedis } from '../helpers/redis.js';

describe('connectRedisLink', function () {
  const links: ClusterLink[] = [];
  const errors: unknown[] = [];
  const connect = async () => {
    const link = await connectRedisLink(REDIS_URL, (error) => errors.push(error));
    links.push(link);
    return link;
  };

  skipWithoutRedis();

  after(async () => {
    await Promise.all(links.map((link) => link.close()));
    expect(errors).to.deep.equal([]);
  });

  it('delivers a revocation published by one link to every link', async () => {
    const [one, two] = [await connect(), await connect()];
    const seen: string[] = [];
    const arrived = new Promise<void>((done) => {
      one.onRevocation((id) => (seen.push(`one:${id}`), seen.length === 2 && done()));
      two.onRevocation((id) => (seen.push(`two:${id}`), seen.length === 2 && done()));
    });
    one.publishRevocation('AbCdEf0123');
    await arrived;
    expect(seen.sort()).to.deep.equal(['one:AbCdEf0123', 'two:AbCdEf0123']);
  });

  it('hands each subscriber only the messages of its own kind (the channel filter filters)', async () => {
    const link = await connect();
    const tokens: string[] = [];
    const users: string[] = [];
    link.subscribe('token', (id) => tokens.push(id));
    const userArrived = new Promise<void>((done) => link.subscribe('user', (id) => (users.push(id), done())));
    // The subscription to a second kind is sent on the same connection; a round trip makes sure it is live.
    await new Promise((r) => setTimeout(r, 100));
    link.publish('user', 'u-1');
    await userArrived;
    link.publish('token', 't-1');
    await new Promise((r) => setTimeout(r, 200));
    expect(users).to.deep.equal(['u-1']);
    expect(tokens).to.deep.equal(['t-1']);
  });

  it('keeps prefixes apart: a link never sees another deployment\'s revocations', async () => {
    const [one, two] = [
      await connectRedisLink(REDIS_URL, (error) => errors.push(error), { prefix: `p1-${randomBytes(3).toString('hex')}:` }),
      await connectRedisLink(REDIS_URL, (error) => errors.push(error), { prefix: `p2-${randomBytes(3).toString('hex')}:` }),
    ];
    links.push(one, two);
    const seen: string[] = [];
    two.onRevocation((id) => seen.push(id));
    const own = new Promise<void>((done) => one.onRevocation(() => done()));
    one.publishRevocation('AbCdEf0123');
    await own;
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).to.deep.equal([]);
  });


  it('gives rate-limit stores that share counters between links', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const [one, two] = [await connect(), await connect()];
    const storeOne = one.rateLimitStore(prefix);
    const storeTwo = two.rateLimitStore(prefix);
    for (const store of [storeOne, storeTwo]) await store.init?.({ windowMs: 60_000 } as never);
    await storeOne.increment('key');
    const { totalHits } = await storeTwo.increment('key');
    expect(totalHits).to.equal(2);
    await storeOne.resetKey('key');
  });

  it('refuses to start against an unreachable Redis, naming REDIS_URL', async () => {
    let caught: unknown;
    await connectRedisLink('redis://127.0.0.1:1', () => undefined).catch((error: unknown) => (caught = error));
    expect((caught as Error).message).to.match(/^Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
  });
});
