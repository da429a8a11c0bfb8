/**
 * The shared Redis for tests: `PATGATE_TEST_REDIS_URL` (default `redis://127.0.0.1:6379`). Call
 * `skipWithoutRedis()` inside a `describe`: the suite is skipped with a one-line reason when Redis is not
 * reachable, unless `CI` is set (then it fails). Use a random key prefix per test: the Redis is shared.
 */
import { createConnection } from 'node:net';
import { before } from 'mocha';

export const REDIS_URL = process.env.PATGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = createConnection({ host: hostname, port: Number(port) }, () => (socket.end(), done(true)));
    socket.on('error', () => done(false));
  });
}

/** Registers a `before` hook that skips the suite when Redis is down (fails under CI). */
export function skipWithoutRedis(): void {
  before(async function () {
    if (await reachable(REDIS_URL)) return;
    if (process.env.CI) throw new Error(`CI needs Redis at ${REDIS_URL}`);
    console.log(`skipped: no Redis at ${REDIS_URL}`);
    this.skip();
  });
}
