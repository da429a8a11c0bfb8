// Proves the store with patgate's contract suite, under node:test. Needs Redis (REDIS_URL, default
// redis://127.0.0.1:6379): with CI=true a missing Redis fails the run; elsewhere the suite is skipped.
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { tokenStoreContract } from '@patgate/middleware/testing';
import { RedisTokenStore } from './redis-token-store.mjs';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
let available = true;
try {
  await redis.connect();
} catch (error) {
  if (process.env.CI) throw new Error(`Redis at ${url} is required in CI: ${error.message}`);
  available = false;
  console.log(`# skipped: no Redis at ${url} (${error.message})`);
}

if (available) {
  // Every test gets its own key prefix, so runs never see each other's keys.
  const prefixes = [];
  after(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(keys);
    }
    await redis.quit();
  });
  tokenStoreContract(
    () => {
      const prefix = `patgate-example:${randomBytes(6).toString('hex')}:`;
      prefixes.push(prefix);
      return new RedisTokenStore(redis, { keyPrefix: prefix });
    },
    { describe, it },
  );
}
