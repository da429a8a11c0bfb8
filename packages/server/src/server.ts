import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { connectRedisLink } from './cluster/redis-link.js';
import type { ClusterLink } from './cluster/redis-link.js';
import type { TokenWebhooks } from './webhooks/index.js';
import type { Config } from './config.js';
import type { Sequelize } from 'sequelize';
import { openDatabase } from './db/connection.js';
import { startupDatabaseError } from './db/startup-errors.js';
import { migrate } from './db/migrate.js';
import type { TokenEventLog } from './events/token-event-log.js';
import { SecretScanningKeys } from './leak/index.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { scheduleTokenPruning } from './services/token-retention.js';
import { countUsers } from './services/users.js';
import { gracefulShutdown, handleSignals } from './server-shutdown.js';

/**
 * The command printed when the server starts with no users: it creates the first `server:admin`.
 *
 * @example
 * if ((await countUsers(models)) === 0) console.log(FIRST_USER_COMMAND);
 */
export const FIRST_USER_COMMAND =
  'npx patgate user create --email you@example.com --name "You" --admin --password-stdin';

/**
 * What {@link StartServerOptions.onListening} receives once the server accepts connections.
 *
 * @example
 * await startServer(config, { onListening: ({ url }) => console.log(`open ${url}`) });
 */
export interface ListeningInfo {
  /** Where to reach the server, e.g. `http://127.0.0.1:3000` (the real port when `PORT=0`). */
  url: string;
  /** {@link FIRST_USER_COMMAND} when the database has no users yet, else `undefined`. */
  firstUserCommand: string | undefined;
}

/**
 * Options of {@link startServer}.
 *
 * @example
 * await startServer(config, { logger: createLogger('debug'), handleSignals: false, shutdownTimeoutMs: 2000 });
 */
export interface StartServerOptions {
  /** Receives request and lifecycle logs. Defaults to `createLogger(config.logLevel)`. */
  logger?: Logger;
  /** Called once listening. Defaults to logging the URL (and the first-user command) at `info`. */
  onListening?: (info: ListeningInfo) => void;
  /** Shut down gracefully on SIGINT and SIGTERM; a second signal exits at once. Defaults to `true`. */
  handleSignals?: boolean;
  /**
   * How long in-flight requests get to finish on shutdown before their connections are cut, in
   * milliseconds. Defaults to `10_000`.
   */
  shutdownTimeoutMs?: number;
}

/**
 * A running server, as {@link startServer} resolves it.
 *
 * @example
 * const server = await startServer(config, { handleSignals: false });
 * await fetch(`${server.url}/api/user`);
 * await server.close();
 */
export interface RunningServer {
  url: string;
  server: Server;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to the shutdown timeout), then closes
   * the database. Safe to call more than once.
   */
  close(): Promise<void>;
  /** Settles when the server has shut down, whoever started the shutdown (a signal or `close()`). */
  closed: Promise<void>;
}

/**
 * Opens the database, applies pending migrations, builds the app with `createApp` and listens on
 * `config.host:config.port`.
 *
 * @example
 * const server = await startServer(loadConfig());
 * // … SIGTERM, or in a test:
 * await server.close();
 */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const sequelize = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, postgres: config.postgres });
  let server: Server;
  let firstUserCommand: string | undefined;
  let cluster: ClusterLink | undefined;
  let webhooks: TokenWebhooks | undefined;
  let stopPruning = () => {};
  let stopKeys = () => {};
  let events: TokenEventLog;
  const connecting = config.redisUrl
    ? connectRedisLink(config.redisUrl, throttledReporter(logger), { prefix: config.redisPrefix, commandTimeoutMs: config.redisTimeoutMs })
    : Promise.resolve(undefined);
  try {
    // Read before anything else, so a bad key file stops the start with a message naming the variable.
    const secretScanningKeys = config.secretScanningKeysFile ? new SecretScanningKeys(config.secretScanningKeysFile) : undefined;
    if (secretScanningKeys) stopKeys = watchKeys(secretScanningKeys, logger);
    // Both at once, so an unreachable database and Redis together still fail within the start-up bound.
    const [link] = await Promise.all([connecting, checkDatabase(sequelize, config)]);
    cluster = link;
    const applied = await migrate(sequelize).catch((error: unknown) => Promise.reject(startupDatabaseError(error, config)));
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');
    const app = createApp({
      sequelize,
      secret: config.secret,
      logger,
      signupEnabled: config.signupEnabled,
      trustProxy: config.trustProxy,
      tokenCacheTtlMs: config.tokenCacheTtlMs,
      tokenCacheFallbackMs: config.tokenCacheFallbackMs,
      apiRateLimitPerMinute: config.apiRateLimitPerMinute,
      authFailuresPerMinute: config.authFailuresPerMinute,
      sessionLifetime: { maxAgeMs: config.sessionMaxAgeMs, idleMs: config.sessionIdleMs },
      credentialRevokePerHour: config.credentialRevokePerHour,
      secretScanningKeys,
      graphqlIntrospection: config.graphqlIntrospection,
      graphqlExplorer: config.graphqlExplorer,
      cluster,
      webhooks: config.webhook && { ...config.webhook, checkIntervalMs: config.expiryCheckIntervalMs },
    });
    webhooks = app.locals.patgate.webhooks;
    events = app.locals.patgate.events;
    firstUserCommand = (await countUsers(app.locals.patgate.models)) === 0 ? FIRST_USER_COMMAND : undefined;
    stopPruning = scheduleTokenPruning(app.locals.patgate.tokenStore, config.tokenRetentionDays, logger);
    server = createServer(app);
    await listen(server, config.port, config.host);
  } catch (error) {
    stopPruning();
    stopKeys();
    await (cluster ?? (await connecting.catch(() => undefined)))?.close();
    await sequelize.close();
    throw error;
  }

  const url = urlOf(server, config.host);
  // Checks at start-up, then every PATGATE_EXPIRY_CHECK_INTERVAL_MS.
  webhooks?.watcher.start();
  const shutdown = gracefulShutdown(server, logger, options.shutdownTimeoutMs ?? 10_000, async () => {
    await webhooks?.watcher.stop();
    stopPruning();
    stopKeys();
    // In-flight requests have finished: their token events are written before the database closes.
    await events.close();
    await cluster?.close();
    await sequelize.close();
  });
  if (options.handleSignals ?? true) handleSignals(shutdown, logger);

  const onListening =
    options.onListening ??
    ((info: ListeningInfo) => {
      logger.info({ url: info.url }, `patgate listening on ${info.url}`);
      if (info.firstUserCommand) logger.info(`No users yet. Create the first admin: ${info.firstUserCommand}`);
    });
  onListening({ url, firstUserCommand });
  return { url, server, close: shutdown.close, closed: shutdown.closed };
}

/**
 * The Redis reporter: the first failure of each kind is logged, repeats only once a minute, so a Redis that
 * stays down for an hour (ioredis retries every half second) does not flood the log.
 */
function throttledReporter(logger: Logger): (error: unknown, operation: string) => void {
  const last = new Map<string, number>();
  return (error, operation) => {
    const key = `${operation}:${(error as Error)?.message}`;
    const now = Date.now();
    if ((last.get(key) ?? -Infinity) > now - 60_000) return;
    last.set(key, now);
    logger.warn({ err: error }, `${operation} failed (REDIS_URL)`);
  };
}

async function checkDatabase(sequelize: Sequelize, config: Config): Promise<void> {
  try {
    await sequelize.authenticate();
  } catch (error) {
    throw startupDatabaseError(error, config);
  }
}

/**
 * Re-reads GitHub's key file when it changes and on SIGHUP; a file that fails to load keeps the old keys
 * and logs why. Returns the function that stops both.
 */
function watchKeys(keys: SecretScanningKeys, logger: Logger): () => void {
  const report = (error?: unknown) => {
    if (error) logger.error({ err: error }, 'secret-scanning keys not reloaded; the previous keys stay in use');
    else logger.info({ keys: keys.identifiers() }, 'secret-scanning keys reloaded');
  };
  const onHangup = () => {
    try {
      keys.reload();
      report();
    } catch (error) {
      report(error);
    }
  };
  const stopWatching = keys.watch(report);
  process.on('SIGHUP', onHangup);
  return () => {
    stopWatching();
    process.off('SIGHUP', onHangup);
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      const hint: Record<string, string> = {
        EADDRINUSE: `port ${port} on ${host} is already in use; stop the other server or set PORT to another port`,
        EACCES: `no permission to listen on port ${port}; use a port above 1023`,
        EADDRNOTAVAIL: `${host} is not an address of this machine; set HOST, e.g. 127.0.0.1 or 0.0.0.0`,
      };
      const message = error.code ? hint[error.code] : undefined;
      reject(message ? Object.assign(new Error(`Cannot listen: ${message}.`, { cause: error }), { code: error.code }) : error);
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** A URL people can open: wildcard addresses become `localhost`, IPv6 literals get brackets. */
function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
