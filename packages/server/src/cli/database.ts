import type { TokenIssuer } from '@patgate/middleware';
import type { Sequelize } from 'sequelize';
import { connectRedisLink, revocationNotifier } from '../cluster/redis-link.js';
import type { ClusterLink } from '../cluster/redis-link.js';
import { loadConfig } from '../config.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { startupDatabaseError } from '../db/startup-errors.js';
import { initModels } from '../db/models.js';
import type { Models } from '../db/models.js';
import { TokenEventLog } from '../events/token-event-log.js';
import { createTokenIssuer } from '../scopes.js';
import { getUserByEmail } from '../services/users.js';
import type { UserRecord } from '../services/users.js';
import { SequelizeTokenStore } from '../store/sequelize-token-store.js';
import { CliError } from './io.js';
import type { CliIo } from './io.js';

/**
 * What a command that reads or writes data gets from {@link withDatabase}.
 *
 * @example
 * await withDatabase(io, async ({ models, issuer }: CliDatabase) => issuer.list((await findUserByEmail(models, email)).id));
 */
export interface CliDatabase {
  config: Config;
  sequelize: Sequelize;
  models: Models;
  store: SequelizeTokenStore;
  /** The migrations this command applied on opening, oldest first; usually none. */
  applied: string[];
  /** The issuer with the server's own policy (`createTokenIssuer`), so `tokens:write` is refused here too. */
  issuer: TokenIssuer;
}

/**
 * Reads the configuration from the command's environment; warnings (a generated secret) go to stderr so
 * that `--json` output stays clean.
 *
 * @example
 * const config = loadCliConfig(io);
 */
export function loadCliConfig(io: CliIo): Config {
  return loadConfig(io.env, { cwd: io.cwd, warn: (message) => io.stderr(`warning: ${message}\n`) });
}

/**
 * Opens the same database the server uses (`DATABASE_URL`, or the SQLite file under `./data`), applies
 * pending migrations, runs `work`, and closes the database whatever happens.
 *
 * @example
 * await withDatabase(io, async ({ issuer }) => issuer.list(userId));
 */
export async function withDatabase<T>(io: CliIo, work: (db: CliDatabase) => Promise<T>): Promise<T> {
  const config = loadCliConfig(io);
  const sequelize = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, postgres: config.postgres });
  let cluster: ClusterLink | undefined;
  let events: TokenEventLog | undefined;
  try {
    const applied = await migrate(sequelize).catch((error: unknown) => Promise.reject(new CliError(startupDatabaseError(error, config).message, 'database_unavailable')));
    const models = initModels(sequelize);
    events = new TokenEventLog(models, { onError: (error, context) => io.stderr(`warning: ${context.operation} failed: ${(error as Error).message}\n`) });
    const log = events;
    const store = new SequelizeTokenStore(models);
    // With REDIS_URL, a revocation made here reaches running servers' token caches at once.
    cluster = config.redisUrl ? await connectCliRedis(config.redisUrl, config.redisPrefix, io) : undefined;
    const issuer = createTokenIssuer({
      store,
      secret: config.secret,
      verifier: revocationNotifier(undefined, cluster),
      onEvent: (event) => log.record(event),
    });
    return await work({ config, sequelize, models, store, issuer, applied });
  } finally {
    // The command's token events are written before the database closes.
    await events?.close();
    await cluster?.close();
    await sequelize.close();
  }
}

/**
 * The CLI's Redis link: a command must still work while Redis is down (a revocation matters most then),
 * so an unreachable Redis is a warning, and the database change stands.
 */
async function connectCliRedis(url: string, prefix: string, io: CliIo): Promise<ClusterLink> {
  let warned = false;
  const report = (error: unknown) => {
    if (warned) return;
    warned = true;
    io.stderr(
      `warning: cannot reach Redis (REDIS_URL): ${(error as Error).message}. Running servers are not told at once; ` +
        'those that cannot reach Redis either refuse a revoked token within PATGATE_TOKEN_CACHE_FALLBACK_MS, ' +
        'the others within PATGATE_TOKEN_CACHE_TTL_MS.\n',
    );
  };
  return connectRedisLink(url, report, { prefix, required: false, connectTimeoutMs: 2000 });
}

/**
 * The user with this email, or a {@link CliError} that says how to create one.
 *
 * @example
 * const user = await findUserByEmail(models, 'you@example.com');
 */
export async function findUserByEmail(models: Models, email: string): Promise<UserRecord> {
  const user = await getUserByEmail(models, email);
  if (!user) {
    throw new CliError(`No user with the email ${email}. Create one with \`patgate user create --email ${email} --name NAME\`.`, 'user_not_found');
  }
  return user;
}
