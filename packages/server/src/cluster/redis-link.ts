import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import type { Store } from 'express-rate-limit';
import type { TokenInvalidator } from '@patgate/middleware';
import { FallbackStore } from './fallback-store.js';

/**
 * What several server instances share through Redis: invalidations (a token revoked on one instance is
 * dropped from every instance's cache; other kinds, such as a changed user, work the same way) and
 * rate-limit counters. Redis is optional at run time: while it is refused, down or frozen every method
 * keeps working (publications wait and are sent on reconnect, rate limits count per instance), and
 * {@link ClusterLink.onStateChange} tells the app so it can shorten its caches.
 */
export interface ClusterLink {
  /**
   * Tells every instance (this one included) that the `kind` record `id` changed, e.g. `publish('token',
   * tokenId)`. Fire and forget: while Redis is unreachable the message waits and is sent once it is back.
   */
  publish(kind: string, id: string): void;
  /** Calls `handler` with each id published under `kind` by any instance or the CLI. */
  subscribe(kind: string, handler: (id: string) => void): void;
  /** `publish('token', tokenId)`. */
  publishRevocation(tokenId: string): void;
  /** `subscribe('token', handler)`. */
  onRevocation(handler: (tokenId: string) => void): void;
  /** Whether both connections answer and the subscription is live, so invalidations arrive at once. */
  isUp(): boolean;
  /** Calls `handler(up)` each time the link goes down or comes back. */
  onStateChange(handler: (up: boolean) => void): void;
  /** A rate-limit store whose counters every instance shares, falling back to memory while Redis is away. */
  rateLimitStore(limiter: string): Store;
  /** Stops the health checks, unsubscribes and closes both connections. */
  close(): Promise<void>;
}

/** Where connection and publish failures go; they never fail a request. */
export type ClusterErrorReporter = (error: unknown, operation: string) => void;

/** Options of {@link connectRedisLink}; every field has a default. */
export interface RedisLinkOptions {
  /** The start of every key and channel, so deployments sharing a Redis stay apart. Defaults to `patgate:`. */
  prefix?: string;
  /**
   * The longest one Redis command (or the first connection) may take before it counts as failed. Defaults
   * to `1000`; start-up waits at most `connectTimeoutMs`.
   */
  commandTimeoutMs?: number;
  /** How long start-up waits for Redis before giving up with a message naming `REDIS_URL`. Defaults to `5000`. */
  connectTimeoutMs?: number;
  /** How often both connections are pinged, so a frozen Redis is noticed. Defaults to `1000`. */
  healthIntervalMs?: number;
  /** Whether start-up fails when Redis cannot be reached (the server), or goes on with the link down (the CLI). Defaults to `true`. */
  required?: boolean;
}

/** Publications kept while Redis is away; beyond this the oldest are dropped (the short cache TTL still bounds them). */
const MAX_PENDING = 10_000;

/**
 * Connects to Redis with two connections, one for commands and one subscribed to invalidations (a
 * subscribed connection can run nothing else). With `required` (the default) it rejects within
 * `connectTimeoutMs` when Redis cannot be reached, with a message naming `REDIS_URL` and never its password.
 *
 * @example
 * const link = await connectRedisLink('redis://127.0.0.1:6379', (err, op) => logger.error({ err }, op));
 * link.subscribe('token', (id) => cache.invalidate(id));
 * link.publish('token', '3Fq9ZkP1aB');
 * // Several deployments on one Redis: connectRedisLink(url, report, { prefix: 'patgate:staging:' })
 */
export async function connectRedisLink(url: string, report: ClusterErrorReporter, options: RedisLinkOptions = {}): Promise<ClusterLink> {
  const prefix = options.prefix ?? 'patgate:';
  const commandTimeout = options.commandTimeoutMs ?? 1000;
  const redisOptions: RedisOptions = {
    lazyConnect: true,
    connectionName: 'patgate',
    // Fail a command at once while disconnected instead of queueing it behind an outage.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout,
    connectTimeout: commandTimeout,
    // Reconnect quickly and keep trying: after an outage invalidations must flow again within a second.
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
  };
  const commands = new Redis(url, redisOptions);
  // We resubscribe ourselves after a reconnect: ioredis's own resubscription leaves its promise unhandled,
  // and a resubscription that times out (a loaded machine, a Redis dropping again) would end the process.
  const subscriber = new Redis(url, { ...redisOptions, autoResubscribe: false });
  // ioredis reconnects by itself; without a listener an 'error' event would crash the process.
  // Until start-up is over, a failure is what connectRedisLink rejects with (or reports once), not a log line per retry.
  let started = false;
  let startError: unknown;
  const onError = (operation: string) => (error: unknown) => (started ? report(error, operation) : (startError = error));
  commands.on('error', onError('redis'));
  subscriber.on('error', onError('redis subscriber'));

  const channelOf = (kind: string) => (kind === 'token' ? `${prefix}revoked-tokens` : `${prefix}invalidate:${kind}`);
  const handlers = new Map<string, ((id: string) => void)[]>();
  const pending = new Map<string, Set<string>>();
  const stateHandlers: ((up: boolean) => void)[] = [];
  let up = false;
  let closed = false;
  /** Whether the subscriber connection currently holds every channel (false after each reconnect). */
  let subscribed = false;
  const resubscribe = async () => {
    const channels = ['token', ...handlers.keys()].map(channelOf);
    await subscriber.subscribe(...new Set(channels));
    subscribed = true;
  };

  const setUp = (next: boolean) => {
    if (next === up || closed) return;
    up = next;
    for (const handler of stateHandlers) handler(up);
    if (up) flush();
  };
  const queue = (channel: string, id: string) => {
    let ids = pending.get(channel);
    if (!ids) pending.set(channel, (ids = new Set()));
    ids.add(id);
    if (ids.size > MAX_PENDING) ids.delete(ids.values().next().value as string);
  };
  const send = (channel: string, id: string) => {
    commands.publish(channel, id).catch((error: unknown) => {
      report(error, 'publish');
      queue(channel, id);
    });
  };
  function flush() {
    const batch = [...pending];
    pending.clear();
    for (const [channel, ids] of batch) for (const id of ids) send(channel, id);
  }

  let checking = false;
  const check = async () => {
    if (checking || closed || !started) return;
    checking = true;
    try {
      const connections = [commands, subscriber];
      const pings = await Promise.allSettled(connections.map((connection) => connection.ping()));
      const failed = pings.flatMap((ping, n) => (ping.status === 'rejected' ? [{ connection: connections[n]!, error: ping.reason as unknown }] : []));
      if (failed.length === 0 && !subscribed) await resubscribe().catch((error: unknown) => report(error, 'redis resubscribe'));
      if (failed.length === 0) return setUp(subscribed && subscriber.status === 'ready' && commands.status === 'ready');
      if (up) report(failed[0]!.error, 'redis health check');
      setUp(false);
      // A frozen Redis keeps the socket open but never answers: drop it so ioredis connects afresh.
      for (const { connection } of failed) if (connection.status === 'ready') connection.disconnect(true);
    } catch (error) {
      // Runs detached (a timer, an event): whatever fails here must be reported, never end the process.
      report(error, 'redis health check');
    } finally {
      checking = false;
    }
  };
  subscriber.on('close', () => (subscribed = false));
  for (const connection of [commands, subscriber]) {
    connection.on('close', () => setUp(false));
    connection.on('ready', () => void check());
  }

  const connected = Promise.all([commands.connect(), subscriber.connect()]).then(resubscribe);
  const connectTimeout = options.connectTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      connected,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${connectTimeout} ms`)), connectTimeout))),
    ]);
    up = true;
  } catch (error) {
    connected.catch(() => undefined);
    const reason = ((startError ?? error) as Error).message.replace(/\.$/, '');
    if (options.required ?? true) {
      commands.disconnect();
      subscriber.disconnect();
      throw new Error(`Cannot reach Redis at ${new URL(url).host} (REDIS_URL): ${reason}. Start Redis or unset REDIS_URL.`, { cause: error });
    }
    report(startError ?? error, 'redis connect');
  } finally {
    clearTimeout(timer);
    started = true;
  }
  const health = setInterval(() => void check(), options.healthIntervalMs ?? 1000);
  health.unref();

  subscriber.on('message', (channel: string, message: string) => {
    for (const [kind, list] of handlers) {
      if (channelOf(kind) !== channel) continue;
      for (const handler of list) handler(message);
    }
  });

  const link: ClusterLink = {
    publish(kind, id) {
      const channel = channelOf(kind);
      if (up) send(channel, id);
      else queue(channel, id);
    },
    subscribe(kind, handler) {
      const list = handlers.get(kind);
      if (list) return void list.push(handler);
      handlers.set(kind, [handler]);
      // While down this fails; the resubscription after the reconnect covers every kind subscribed so far.
      if (kind !== 'token') subscriber.subscribe(channelOf(kind)).catch((error: unknown) => report(error, 'subscribe'));
    },
    publishRevocation: (tokenId) => link.publish('token', tokenId),
    onRevocation: (handler) => link.subscribe('token', handler),
    isUp: () => up,
    onStateChange(handler) {
      stateHandlers.push(handler);
    },
    rateLimitStore(limiter) {
      const storePrefix = `${prefix}rl:${limiter}:`;
      const makeShared = () =>
        new RedisStore({ prefix: storePrefix, sendCommand: (command: string, ...args: string[]) => commands.call(command, ...args) as never });
      return new FallbackStore(makeShared, () => up, report, storePrefix);
    },
    async close() {
      closed = true;
      clearInterval(health);
      // quit() waits for Redis to answer; a frozen Redis never does, so fall back to dropping the socket.
      const quit = (connection: Redis) =>
        connection.status === 'ready'
          ? Promise.race([connection.quit(), new Promise((r) => setTimeout(r, commandTimeout))]).finally(() => connection.disconnect())
          : Promise.resolve(connection.disconnect());
      await Promise.allSettled([quit(subscriber), quit(commands)]);
    },
  };
  return link;
}

/**
 * What an issuer calls when a token is revoked or rotated: drop it from this process's cache (if there is
 * one) and tell every other instance through Redis (if linked). `undefined` when there is neither.
 *
 * @example
 * createTokenIssuer({ store, secret, verifier: revocationNotifier(verifier, cluster) });
 */
export function revocationNotifier(local: TokenInvalidator | undefined, cluster: ClusterLink | undefined): TokenInvalidator | undefined {
  if (!local && !cluster) return undefined;
  return {
    async invalidate(tokenId) {
      await local?.invalidate(tokenId);
      // Detached on purpose: a slow Redis must not hold a revocation; a failed publication is kept and retried.
      cluster?.publish('token', tokenId);
    },
  };
}
