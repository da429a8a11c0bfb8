import { Redis } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import type { Store } from 'express-rate-limit';
import type { TokenInvalidator } from '@patgate/middleware';


/**
 * What several server instances share through Redis: revocations (so a token revoked on one instance is
 * refused at once by every other, whatever their token caches hold) and rate-limit counters (so a limit
 * means the same behind a load balancer as on one machine).
 */
export interface ClusterLink {
  /** Tells every instance (this one included) to forget the token's cached record. Fire and forget. */
  publishRevocation(tokenId: string): void;
  /** Calls `handler` with each revoked token id any instance (or the CLI) publishes. */
  onRevocation(handler: (tokenId: string) => void): void;
  /** A rate-limit store whose counters every instance shares; `limiter` keeps limiters apart. */
  rateLimitStore(limiter: string): Store;
  /** Unsubscribes and closes both connections. */
  close(): Promise<void>;
}

/** Where connection and publish failures go; they never fail a request. */
export type ClusterErrorReporter = (error: unknown, operation: string) => void;

/**
 * Connects to Redis with two connections, one for commands and one subscribed to revocations (a
 * subscribed connection can run nothing else). Rejects if Redis cannot be reached at start, so a wrong
 * `REDIS_URL` stops the server with a clear message instead of running without cross-instance revocation.
 *
 * @example
 * const link = await connectRedisLink('redis://127.0.0.1:6379', (err, op) => logger.error({ err }, op));
 * link.onRevocation((id) => verifier.invalidate(id));
 * // Several deployments on one Redis: connectRedisLink(url, report, { prefix: 'patgate:staging:' })
 */
export async function connectRedisLink(url: string, report: ClusterErrorReporter, { prefix = 'patgate:' }: { prefix?: string } = {}): Promise<ClusterLink> {
  // Every key and channel starts with the deployment's prefix, so deployments sharing a Redis stay apart.
  const channel = `${prefix}revoked-tokens`;
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'patgate' };
  const commands = new Redis(url, options);
  const subscriber = new Redis(url, options);
  // ioredis reconnects by itself; without a listener an 'error' event would crash the process.
  commands.on('error', (error: unknown) => report(error, 'redis'));
  subscriber.on('error', (error: unknown) => report(error, 'redis subscriber'));
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
    await subscriber.subscribe(channel);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    const where = new URL(url).host;
    throw new Error(`Cannot reach Redis at ${where} (REDIS_URL): ${(error as Error).message}. Start Redis or unset REDIS_URL.`, { cause: error });
  }

  const handlers: ((tokenId: string) => void)[] = [];
  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== channel) return;
    for (const handler of handlers) handler(message);
  });

  return {
    publishRevocation(tokenId) {
      commands.publish(channel, tokenId).catch((error: unknown) => report(error, 'publish revocation'));
    },
    onRevocation(handler) {
      handlers.push(handler);
    },
    rateLimitStore(limiter) {
      return new RedisStore({
        prefix: `${prefix}rl:${limiter}:`,
        sendCommand: (command: string, ...args: string[]) => commands.call(command, ...args) as never,
      });
    },
    async close() {
      await Promise.allSettled([subscriber.quit(), commands.quit()]);
    },
  };
}

/**
 * What an issuer calls when a token is revoked or rotated: drop it from this process's verifier cache (if
 * there is one) and tell every other instance through Redis (if linked). `undefined` when there is neither.
 *
 * @example
 * createTokenIssuer({ store, secret, verifier: revocationNotifier(verifier, cluster) });
 */
export function revocationNotifier(local: TokenInvalidator | undefined, cluster: ClusterLink | undefined): TokenInvalidator | undefined {
  if (!local && !cluster) return undefined;
  return {
    async invalidate(tokenId) {
      await local?.invalidate(tokenId);
      // Detached on purpose: a slow Redis must not hold a revocation; publishRevocation reports its own failures.
      cluster?.publishRevocation(tokenId);
    },
  };
}
