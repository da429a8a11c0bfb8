import path from 'node:path';
import { z } from 'zod';
import type { Config } from './config-types.js';
import { DEFAULT_TOKEN_CACHE_FALLBACK_MS } from './cluster/link-aware-cache.js';
import { durationSetting } from './duration-setting.js';
import { DEFAULT_AUTH_FAILURES_PER_MINUTE } from './http/auth-failure-limit.js';
import { DEFAULT_API_RATE_LIMIT_PER_MINUTE } from './http/rate-limit.js';
import { DEFAULT_EXPIRY_CHECK_INTERVAL_MS } from './webhooks/expiry-watcher.js';
import { DEFAULT_CREDENTIAL_REVOKE_PER_HOUR } from './leak/credential-revoke-routes.js';
import { loadOrCreateSecret } from './secret-file.js';
import { DEFAULT_TOKEN_RETENTION_DAYS } from './services/token-retention.js';
import { DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_MAX_AGE_MS } from './web/session-lifetime.js';

export { SECRET_FILE, loadOrCreateSecret } from './secret-file.js';
export type { Config } from './config-types.js';

/**
 * Options of {@link loadConfig}.
 *
 * @example
 * loadConfig(process.env, { warn: (message) => logger.warn(message), cwd: '/srv/patgate' });
 */
export interface LoadConfigOptions {
  /** Receives the warning printed when a secret is generated. Defaults to `console.warn`. */
  warn?: (message: string) => void;
  /** Resolves a relative `PATGATE_DATA_DIR`. Defaults to `process.cwd()`. */
  cwd?: string;
}

/**
 * How long the server caches a verified token record unless `PATGATE_TOKEN_CACHE_TTL_MS` or
 * `createApp({ tokenCacheTtlMs })` says otherwise: 2 s. Revocations through the app (or, with Redis, any
 * instance) clear the cache at once; one made behind its back (the CLI without Redis) waits at most this long.
 *
 * @example
 * createApp({ sequelize, secret, tokenCacheTtlMs: DEFAULT_TOKEN_CACHE_TTL_MS });
 */
export const DEFAULT_TOKEN_CACHE_TTL_MS = 2000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/** An unset or blank variable counts as absent, so `PORT= npm start` uses the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const integer = (min: number, max: number, fix: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}; ${fix}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be from ${min} to ${max}; ${fix}` });

const flag = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v), {
      error: 'must be true or false (also 1/0, yes/no, on/off)',
    })
    .transform((v) => TRUE_WORDS.includes(v));

const url = (protocols: readonly string[], fix: string) =>
  z
    .string()
    .trim()
    .refine((value) => protocols.some((p) => value.startsWith(`${p}:`)) && URL.canParse(value), {
      error: `must be a URL starting with ${protocols.map((p) => `${p}:`).join(' or ')}; ${fix}`,
    });

const envSchema = z
  .object({
  PORT: optional(integer(0, 65535, 'set it to a free port such as 3000, or unset it')),
  HOST: optional(z.string().trim()),
  DATABASE_URL: optional(
    url(['postgres', 'postgresql', 'sqlite'], 'for example postgres://user@localhost:5432/patgate, or unset it for SQLite'),
  ),
  PATGATE_DATA_DIR: optional(z.string()),
  PATGATE_SECRET: optional(
    z.string().min(32, {
      error: 'must be at least 32 characters; generate one with `openssl rand -base64 32`, or unset it to have one generated',
    }),
  ),
  REDIS_URL: optional(url(['redis', 'rediss'], 'for example redis://127.0.0.1:6379, or unset it')),
  PATGATE_REDIS_PREFIX: optional(
    z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, { error: 'must be 1 to 64 letters, digits or : _ . -, such as patgate:staging:' }),
  ),
  LOG_LEVEL: optional(
    z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  ),
  PATGATE_SIGNUP: optional(flag()),
  PATGATE_GRAPHQL_EXPLORER: optional(flag()),
  PATGATE_GRAPHQL_INTROSPECTION: optional(flag()),
  PATGATE_TRUST_PROXY: optional(z.string().trim().transform(parseTrustProxy)),
  PATGATE_RATE_LIMIT_PER_MINUTE: optional(integer(0, 1_000_000, 'set it to requests per minute such as 1000, or 0 to turn the limit off')),
  PATGATE_AUTH_FAILURES_PER_MINUTE: optional(integer(0, 1_000_000, 'set it to failures per minute such as 60, or 0 to turn the limit off')),
  PATGATE_SESSION_MAX_AGE: optional(durationSetting('for example 7d or 36h, or unset it for 7d')),
  PATGATE_SESSION_IDLE: optional(durationSetting('for example 24h or 30m, or unset it for 24h')),
  PATGATE_TOKEN_RETENTION_DAYS: optional(integer(0, 36_500, 'set it to days such as 90, or 0 to keep revoked and expired tokens forever')),
  PATGATE_CREDENTIAL_REVOKE_PER_HOUR: optional(integer(1, 1_000_000, 'set it to requests per hour per address, such as 60')),
  PATGATE_SECRET_SCANNING_KEYS: optional(z.string().trim()),
  PATGATE_TOKEN_CACHE_TTL_MS: optional(
    integer(0, 3_600_000, 'set it to milliseconds such as 2000, or 0 to turn the cache off'),
  ),
  PATGATE_TOKEN_CACHE_FALLBACK_MS: optional(integer(0, 3_600_000, 'set it to milliseconds such as 5000')),
  PATGATE_DB_TIMEOUT_MS: optional(integer(100, 600_000, 'set it to milliseconds such as 5000')),
  PATGATE_DB_POOL_MAX: optional(integer(1, 1000, 'set it to the most connections per instance, such as 10')),
  PATGATE_DB_POOL_MIN: optional(integer(0, 1000, 'set it to the connections kept open while idle, such as 0')),
  PATGATE_DB_POOL_IDLE_MS: optional(integer(0, 3_600_000, 'set it to milliseconds such as 10000')),
  PATGATE_DB_SSL: optional(
    z.string().trim().toLowerCase().pipe(z.enum(['off', 'require', 'verify'], { error: 'must be off, require (TLS) or verify (TLS with a checked certificate)' })),
  ),
  PATGATE_DB_SSL_CA: optional(z.string().trim()),
  PATGATE_REDIS_TIMEOUT_MS: optional(integer(50, 60_000, 'set it to milliseconds such as 1000')),
  PATGATE_WEBHOOK_URL: optional(url(['https', 'http'], 'for example https://hooks.example.com/patgate, or unset it')),
  PATGATE_WEBHOOK_SECRET: optional(
    z.string().min(16, { error: 'must be at least 16 characters; generate one with `openssl rand -hex 32`' }),
  ),
  PATGATE_EXPIRY_CHECK_INTERVAL_MS: optional(integer(1000, 86_400_000, 'set it to milliseconds such as 3600000 (one hour)')),
  })
  .superRefine((vars, ctx) => {
    // Either both or neither: a URL without a secret would send unsigned events, a secret alone nothing.
    if (vars.PATGATE_WEBHOOK_URL !== undefined && vars.PATGATE_WEBHOOK_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PATGATE_WEBHOOK_SECRET'], message: 'must be set when PATGATE_WEBHOOK_URL is; receivers check the signature with it' });
    }
    if (vars.PATGATE_WEBHOOK_SECRET !== undefined && vars.PATGATE_WEBHOOK_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PATGATE_WEBHOOK_URL'], message: 'must be set when PATGATE_WEBHOOK_SECRET is; it says where events go' });
    }
  });

/** Variables whose value is never repeated in an error: a secret, or a URL that may hold a password. */
const UNPRINTABLE = new Set(['PATGATE_SECRET', 'DATABASE_URL', 'REDIS_URL']);

function describeValue(variable: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (UNPRINTABLE.has(variable)) return ` (got ${value.length} characters, not shown)`;
  return ` (got ${JSON.stringify(value)})`;
}

function parseTrustProxy(value: string): boolean | number | string {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * Reads the configuration from environment variables. Blank variables count as unset.
 *
 * @throws Error naming every bad variable and how to fix it, e.g.
 *   `Invalid configuration: PORT must be a whole number from 0 to 65535; set it to a free port ...`.
 * @example
 * const config = loadConfig({ PORT: '8080', PATGATE_SECRET: process.env.PATGATE_SECRET });
 * config.port; // 8080
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0]);
      return `${variable}${describeValue(variable, env[variable])} ${issue.message}`;
    });
    throw new Error(`Invalid configuration: ${problems.join('. ')}.`);
  }
  const vars = parsed.data;
  const dataDir = path.resolve(options.cwd ?? process.cwd(), vars.PATGATE_DATA_DIR ?? 'data');
  const warn = options.warn ?? ((message: string) => console.warn(message));
  return {
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '127.0.0.1',
    databaseUrl: vars.DATABASE_URL,
    dataDir,
    secret: vars.PATGATE_SECRET ?? loadOrCreateSecret(dataDir, warn),
    redisUrl: vars.REDIS_URL,
    redisPrefix: vars.PATGATE_REDIS_PREFIX ?? 'patgate:',
    logLevel: vars.LOG_LEVEL ?? 'info',
    signupEnabled: vars.PATGATE_SIGNUP ?? true,
    trustProxy: vars.PATGATE_TRUST_PROXY ?? false,
    tokenCacheTtlMs: vars.PATGATE_TOKEN_CACHE_TTL_MS ?? DEFAULT_TOKEN_CACHE_TTL_MS,
    apiRateLimitPerMinute: vars.PATGATE_RATE_LIMIT_PER_MINUTE ?? DEFAULT_API_RATE_LIMIT_PER_MINUTE,
    webhook:
      vars.PATGATE_WEBHOOK_URL !== undefined && vars.PATGATE_WEBHOOK_SECRET !== undefined
        ? { url: vars.PATGATE_WEBHOOK_URL, secret: vars.PATGATE_WEBHOOK_SECRET }
        : undefined,
    expiryCheckIntervalMs: vars.PATGATE_EXPIRY_CHECK_INTERVAL_MS ?? DEFAULT_EXPIRY_CHECK_INTERVAL_MS,
    authFailuresPerMinute: vars.PATGATE_AUTH_FAILURES_PER_MINUTE ?? DEFAULT_AUTH_FAILURES_PER_MINUTE,
    sessionMaxAgeMs: vars.PATGATE_SESSION_MAX_AGE ?? DEFAULT_SESSION_MAX_AGE_MS,
    sessionIdleMs: vars.PATGATE_SESSION_IDLE ?? DEFAULT_SESSION_IDLE_MS,
    tokenRetentionDays: vars.PATGATE_TOKEN_RETENTION_DAYS ?? DEFAULT_TOKEN_RETENTION_DAYS,
    credentialRevokePerHour: vars.PATGATE_CREDENTIAL_REVOKE_PER_HOUR ?? DEFAULT_CREDENTIAL_REVOKE_PER_HOUR,
    secretScanningKeysFile:
      vars.PATGATE_SECRET_SCANNING_KEYS === undefined ? undefined : path.resolve(options.cwd ?? process.cwd(), vars.PATGATE_SECRET_SCANNING_KEYS),
    graphqlExplorer: vars.PATGATE_GRAPHQL_EXPLORER ?? false,
    graphqlIntrospection: vars.PATGATE_GRAPHQL_INTROSPECTION ?? vars.PATGATE_GRAPHQL_EXPLORER ?? false,
    tokenCacheFallbackMs: vars.PATGATE_TOKEN_CACHE_FALLBACK_MS ?? DEFAULT_TOKEN_CACHE_FALLBACK_MS,
    postgres: {
      ...(vars.PATGATE_DB_TIMEOUT_MS !== undefined && { timeoutMs: vars.PATGATE_DB_TIMEOUT_MS }),
      ...(vars.PATGATE_DB_POOL_MAX !== undefined && { poolMax: vars.PATGATE_DB_POOL_MAX }),
      ...(vars.PATGATE_DB_POOL_MIN !== undefined && { poolMin: vars.PATGATE_DB_POOL_MIN }),
      ...(vars.PATGATE_DB_POOL_IDLE_MS !== undefined && { poolIdleMs: vars.PATGATE_DB_POOL_IDLE_MS }),
      ...(vars.PATGATE_DB_SSL !== undefined && { ssl: vars.PATGATE_DB_SSL }),
      ...(vars.PATGATE_DB_SSL_CA !== undefined && { ca: vars.PATGATE_DB_SSL_CA }),
    },
    redisTimeoutMs: vars.PATGATE_REDIS_TIMEOUT_MS ?? 1000,
  };
}
