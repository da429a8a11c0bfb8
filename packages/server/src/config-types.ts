import type { PostgresOptions } from './db/connection.js';

/**
 * Everything the server and the CLI read from the environment, parsed and checked once.
 *
 * @example
 * const config = loadConfig(process.env);
 * console.log(`listening on http://${config.host}:${config.port}`);
 */
export interface Config {
  /** `PORT`: the TCP port to listen on, `0` for any free port. Defaults to `3000`. */
  port: number;
  /** `HOST`: the interface to listen on. Defaults to `127.0.0.1` (this machine only). */
  host: string;
  /**
   * `DATABASE_URL`: a `postgres://` (or `postgresql://`) or `sqlite:` URL. `undefined` means the SQLite file
   * `<dataDir>/patgate.sqlite`.
   */
  databaseUrl: string | undefined;
  /** `PATGATE_DATA_DIR`, made absolute against the working directory. Defaults to `./data`. */
  dataDir: string;
  /**
   * `PATGATE_SECRET`: the pepper tokens are hashed under and the session secret, at least 32 characters.
   * Defaults to a secret generated once into `<dataDir>/secret` (mode 0600) and reused on every start.
   */
  secret: string;
  /** `REDIS_URL`: `redis://` or `rediss://`, for revocation and rate limits across instances. Defaults to none. */
  redisUrl: string | undefined;
  /**
   * `PATGATE_REDIS_PREFIX`: the start of every Redis key and channel this deployment uses, so several
   * deployments (or test runs) can share one Redis. Defaults to `patgate:`.
   */
  redisPrefix: string;
  /** `LOG_LEVEL`: one of pino's levels or `silent`. Defaults to `info`. */
  logLevel: string;
  /** `PATGATE_SIGNUP`: whether the web page lets anyone create an account. Defaults to `true`. */
  signupEnabled: boolean;
  /**
   * `PATGATE_TRUST_PROXY`: Express's `trust proxy` setting (`true`, `false`, a hop count, or addresses such
   * as `loopback`). Defaults to `false`.
   */
  trustProxy: boolean | number | string;
  /**
   * `PATGATE_TOKEN_CACHE_TTL_MS`: how long the server caches a token record; a token revoked from the CLI
   * is refused at most this long after. Defaults to `2000`.
   */
  tokenCacheTtlMs: number;
  /**
   * `PATGATE_RATE_LIMIT_PER_MINUTE`: requests one token (or signed-in session) may make per minute on the
   * API and GraphQL; `0` turns the limit off. Defaults to `1000`.
   */
  apiRateLimitPerMinute: number;
  /**
   * `PATGATE_WEBHOOK_URL` and `PATGATE_WEBHOOK_SECRET` (at least 16 characters), set together: where signed
   * token events (`token.expiring`, `token.leaked`) are POSTed. Defaults to none (no webhooks).
   */
  webhook: { url: string; secret: string } | undefined;
  /** `PATGATE_EXPIRY_CHECK_INTERVAL_MS`: how often expiring tokens are looked for. Defaults to `3600000`. */
  expiryCheckIntervalMs: number;
  /**
   * `PATGATE_AUTH_FAILURES_PER_MINUTE`: failed bearer authentications one client address may make per
   * minute before it gets 429 `too_many_failures`; `0` turns the limit off. Defaults to `60`.
   */
  authFailuresPerMinute: number;
  /**
   * `PATGATE_SESSION_MAX_AGE`: how long a signed-in session lasts from sign-in, whatever the activity, in
   * milliseconds. Written as a whole number and a unit: `s`, `m`, `h`, `d` or `w` (`7d`, `36h`, `90m`).
   * Defaults to `7d`.
   */
  sessionMaxAgeMs: number;
  /**
   * `PATGATE_SESSION_IDLE`: how long a signed-in session lasts without a request, in milliseconds; the
   * same format (`24h`, `30m`). Defaults to `24h`.
   */
  sessionIdleMs: number;
  /**
   * `PATGATE_TOKEN_RETENTION_DAYS`: days a revoked or expired token is kept (listed, introspectable by its
   * owner) before it is deleted; token events are kept regardless. `0` keeps them forever. Defaults to `90`.
   */
  tokenRetentionDays: number;
  /**
   * `PATGATE_TOKEN_CACHE_FALLBACK_MS`: the token cache time while the Redis link is down (revocations made
   * elsewhere cannot arrive then), never more than `tokenCacheTtlMs`. Defaults to `5000`.
   */
  tokenCacheFallbackMs: number;
  /** PostgreSQL pool, timeout and TLS settings (`PATGATE_DB_*`); see `PostgresOptions` for each default. */
  postgres: PostgresOptions;
  /**
   * `PATGATE_REDIS_TIMEOUT_MS`: the longest one Redis command may take before Redis counts as down, and
   * the interval of the health ping that notices a frozen Redis. Defaults to `1000`.
   */
  redisTimeoutMs: number;
  /**
   * `PATGATE_CREDENTIAL_REVOKE_PER_HOUR`: requests one client address may make per hour to the
   * unauthenticated revoke-by-value routes (`POST /api/credentials/revoke`, `POST /oauth/revoke`) together.
   * Defaults to `60`.
   */
  credentialRevokePerHour: number;
  /**
   * `PATGATE_SECRET_SCANNING_KEYS`: the path of a JSON file holding GitHub's secret-scanning public keys
   * (`{ "public_keys": [...] }`), made absolute against the working directory. `undefined` leaves
   * `POST /api/secret-scanning/github` switched off (404). Defaults to none.
   */
  secretScanningKeysFile: string | undefined;
  /**
   * `PATGATE_GRAPHQL_EXPLORER`: serve the GraphQL explorer page at `/explorer`, for development. Defaults
   * to `false`.
   */
  graphqlExplorer: boolean;
  /**
   * `PATGATE_GRAPHQL_INTROSPECTION`: whether `/graphql` answers introspection (`__schema`, `__type`), so
   * GraphQL tools can load the schema. Defaults to the value of `graphqlExplorer` (off unless the explorer is on).
   */
  graphqlIntrospection: boolean;
}
