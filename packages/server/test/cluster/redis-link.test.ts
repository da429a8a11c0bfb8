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
