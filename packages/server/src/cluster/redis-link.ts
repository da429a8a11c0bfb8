import { Redis } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import type { Store } from 'express-rate-limit';
import type { TokenInvalidator } from '@patgate/middleware';


/**
 * What several server instances share through Redis: invalidations (so a token revoked, or a user changed,
 * on one instance is dropped at once from every other's cache) and rate-limit counters (so a limit
 * means the same behind a load balancer as on one machine).
 */
export interface ClusterLink {
  /**
   * Tells every instance (this one included) that the `kind` record `id` changed, e.g. `publish('user',
   * userId)`, so each drops it from its cache. Fire and forget.
   */
  publish(kind: string, id: string): void;
  /** Calls `handler` with each id published under `kind` by any instance or the CLI. */
  subscribe(kind: string, handler: (id: string) => void): void;
  /** `publish('token', tokenId)`: every instance forgets the token's cached record. */
  publishRevocation(tokenId: string): void;
  /** `subscribe('token', handler)`. */
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
  const channelOf = (kind: string) => (kind === 'token' ? `${prefix}revoked-tokens` : `${prefix}invalidate:${kind}`);
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'patgate' };
  const commands = new Redis(url, options);
  const subscriber = new Redis(url, options);
  // ioredis reconnects by itself; without a listener an 'error' event would crash the process.
  commands.on('error', (error: unknown) => report(error, 'redis'));
  subscriber.on('error', (error: unknown) => report(error, 'redis subscriber'));
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
    await subscriber.subscribe(channelOf('token'));
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    const where = new URL(url).host;
    throw new Error(`Cannot reach Redis at ${where} (REDIS_URL): ${(error as Error).message}. Start Redis or unset REDIS_URL.`, { cause: error });
  }

  const handlers = new Map<string, ((id: string) => void)[]>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const [kind, list] of handlers) {
      if (channelOf(kind) !== channel) continue;
      for (const handler of list) handler(message);
    }
  });

  const link: ClusterLink = {
    publish(kind, id) {
      commands.publish(channelOf(kind), id).catch((error: unknown) => report(error, `publish ${kind}`));
    },
    subscribe(kind, handler) {
      const list = handlers.get(kind);
      if (list) return void list.push(handler);
      handlers.set(kind, [handler]);
      if (kind !== 'token') subscriber.subscribe(channelOf(kind)).catch((error: unknown) => report(error, 'subscribe'));
    },
    publishRevocation: (tokenId) => link.publish('token', tokenId),
    onRevocation: (handler) => link.subscribe('token', handler),
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
  return link;
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
