/**
 * `@patgate/server`: the reference server as a library. Build the app yourself with `createApp` (your own
 * `listen`, your own tests with supertest), or run all of it with `startServer(loadConfig())`.
 *
 * @example
 * import { loadConfig, startServer } from '@patgate/server';
 * const server = await startServer(loadConfig());
 * console.log(server.url);
 */
export { createApp } from './app.js';
export type { AppOptions, PatgateApp, PatgateLocals } from './app.js';
export { DEFAULT_SERVER_DESCRIPTION } from './graphql/index.js';
export type { ServerDescription } from './graphql/index.js';
export { startServer, FIRST_USER_COMMAND } from './server.js';
export type { ListeningInfo, RunningServer, StartServerOptions } from './server.js';
export { loadConfig, DEFAULT_TOKEN_CACHE_TTL_MS } from './config.js';
export type { Config, LoadConfigOptions } from './config.js';
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { openDatabase, SQLITE_BUSY_TIMEOUT_MS, DEFAULT_DB_TIMEOUT_MS, DEFAULT_DB_POOL_MAX } from './db/connection.js';
export type { DatabaseOptions, PostgresOptions } from './db/connection.js';
export { SQLITE_WRITE_QUEUE_WAIT_MS } from './db/sqlite-writer.js';
export { StorageUnavailableError, DatabaseUnavailableError, DatabaseBusyError } from './db/unavailable.js';
export { migrate, pendingMigrations } from './db/migrate.js';
export { initModels } from './db/models.js';
export type { Models } from './db/models.js';
export { SequelizeTokenStore } from './store/sequelize-token-store.js';
export {
  SCOPES,
  SCOPE_NAMES,
  UNGRANTABLE_SCOPES,
  SESSION_SCOPES,
  isScopeName,
  STREAM_ROLES,
  SERVER_ROLES,
  DEFAULT_TOKEN_LIFESPAN_MS,
  MAX_TOKEN_LIFESPAN_MS,
  createTokenIssuer,
} from './scopes.js';
export type { ScopeDefinition, ScopeName, ServerRole, StreamRole, TokenIssuerSetup } from './scopes.js';
