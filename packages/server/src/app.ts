import express from 'express';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import { TokenVerifier } from '@patgate/middleware';
import './auth-info.js';
import type { ErrorReporter, TokenEventListener, TokenIssuer } from '@patgate/middleware';
import { apiAuthentication } from './authentication.js';
import { DEFAULT_TOKEN_CACHE_TTL_MS } from './config.js';
import { initModels } from './db/models.js';
import type { Models } from './db/models.js';
import { graphqlRouter } from './graphql/index.js';
import type { ServerDescription } from './graphql/index.js';
import { apiCors } from './http/cors.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { weakETag } from './http/etag.js';
import { authFailureLimit, DEFAULT_AUTH_FAILURES_PER_MINUTE } from './http/auth-failure-limit.js';
import { openApiRoutes } from './http/openapi/document.js';
import { apiRateLimit, DEFAULT_API_RATE_LIMIT_PER_MINUTE } from './http/rate-limit.js';
import { requestLogger } from './http/request-logger.js';
import { apiRouter } from './http/routes/index.js';
import { DEFAULT_TOKEN_CACHE_FALLBACK_MS, LinkAwareTokenCache } from './cluster/link-aware-cache.js';
import { revocationNotifier } from './cluster/redis-link.js';
import { credentialRevokeRoutes, DEFAULT_CREDENTIAL_REVOKE_PER_HOUR, secretScanningRoutes } from './leak/index.js';
import type { SecretScanningKeys } from './leak/index.js';
import type { ClusterLink } from './cluster/redis-link.js';
import { safeErrorSerializer } from './logger.js';
import { TokenEventLog } from './events/token-event-log.js';
import { createTokenIssuer } from './scopes.js';
import { getUserById } from './services/users.js';
import type { UserRecord } from './services/users.js';
import { UserCache } from './services/user-cache.js';
import { SequelizeTokenStore } from './store/sequelize-token-store.js';
import { createWeb } from './web/index.js';
import { createTokenWebhooks } from './webhooks/index.js';
import type { TokenWebhookOptions, TokenWebhooks } from './webhooks/index.js';
import { securityHeaders } from './web/security-headers.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** An open, already migrated database. `createApp` neither migrates nor closes it. Required. */
  sequelize: Sequelize;
  /** The server secret (`PATGATE_SECRET`), the pepper tokens are hashed under. Required. */
  secret: string;
  /** The models bound to `sequelize`, if the caller already has them. Defaults to `initModels(sequelize)`. */
  models?: Models;
  /**
   * Receives one line per request and every unexpected error; errors are logged without the query values
   * database errors carry (`safeErrorSerializer`), whatever serializers this logger has. Defaults to a
   * silent logger.
   */
  logger?: Logger;
  /** The clock for token expiry and last-used times. Inject one in tests. Defaults to `() => new Date()`. */
  now?: () => Date;
  /** Whether visitors may create accounts on the web page. Defaults to `true`. */
  signupEnabled?: boolean;
  /** Express's `trust proxy` setting, for deployments behind a load balancer. Defaults to `false`. */
  trustProxy?: boolean | number | string;
  /**
   * The link to Redis that several instances share (`connectRedisLink(REDIS_URL)`): revocations reach
   * every instance's token cache at once, and sign-in limits count across instances. Defaults to none
   * (one instance: in-process cache and counters).
   */
  cluster?: ClusterLink;
  /**
   * Requests one token (or signed-in session) may make per minute on `/api` and `/graphql` together;
   * over it, 429 with `Retry-After`. `0` turns the limit off. Defaults to 1000.
   */
  apiRateLimitPerMinute?: number;
  /**
   * Failed bearer authentications one client address may make per minute on `/api` and `/graphql`
   * (counted across instances with `cluster`); over it, 429 `too_many_failures` with `Retry-After` before
   * the token is looked up. The address is `req.ip`, so it honours `trustProxy`. `0` turns the limit off.
   * Defaults to 60.
   */
  authFailuresPerMinute?: number;
  /**
   * How long verified token records, and the users they belong to, are cached, in milliseconds. A token
   * revoked elsewhere (the CLI, another instance without Redis) is refused at most this long after;
   * revocations through this app clear it at once, and so does `userChanged` for a user. `0` turns the
   * cache off. Defaults to `DEFAULT_TOKEN_CACHE_TTL_MS` (2000), as the server's `PATGATE_TOKEN_CACHE_TTL_MS` does.
   */
  tokenCacheTtlMs?: number;
  /**
   * A signed-in session's lifetimes in milliseconds: `maxAgeMs` from sign-in whatever the activity
   * (defaults to 7 days), `idleMs` without a request (defaults to 24 hours). Both are checked whenever a
   * session is loaded.
   */
  sessionLifetime?: { maxAgeMs?: number | undefined; idleMs?: number | undefined };
  /**
   * The token cache time while the Redis link (`cluster`) is down, when revocations made elsewhere cannot
   * arrive: the cache is emptied when the link drops and records are kept at most this long until it is
   * back (`PATGATE_TOKEN_CACHE_FALLBACK_MS`). Defaults to `5000`.
   */
  tokenCacheFallbackMs?: number;
  /**
   * Requests one client address may make per hour to `POST /api/credentials/revoke` and `POST /oauth/revoke`
   * together; over it, 429 with `Retry-After`. Defaults to 60.
   */
  credentialRevokePerHour?: number;
  /**
   * GitHub's secret-scanning public keys (`new SecretScanningKeys(PATGATE_SECRET_SCANNING_KEYS)`), which
   * switch on `POST /api/secret-scanning/github`. Defaults to none: that route answers 404.
   */
  secretScanningKeys?: SecretScanningKeys;
  /**
   * Receives every token event (`created`, `first_used`, `rotated`, `revoked`, `refused_revoked`,
   * `refused_expired`, `leak_reported`) from this app's verifier and issuer, with the actor, address and
   * user agent, besides the app's own `token_events` table. Never awaited: a listener that throws or
   * rejects is logged and changes no answer. Defaults to none.
   */
  onTokenEvent?: TokenEventListener;
  /** Whether `/graphql` answers introspection (`__schema`, `__type`), for tools such as GraphiQL. Defaults to `false`. */
  graphqlIntrospection?: boolean;
  /** Whether to serve the GraphQL explorer page at `/explorer` (development). Defaults to `false`. */
  graphqlExplorer?: boolean;
  /**
   * What GraphQL's `serverInfo` says about this server (name, company, description, adminContact,
   * canonicalUrl), each field defaulting to `DEFAULT_SERVER_DESCRIPTION`'s (name `patgate`, the rest null
   * but for a one-line description).
   */
  serverInfo?: Partial<ServerDescription>;
  /**
   * Where token webhooks go (`PATGATE_WEBHOOK_URL`, `PATGATE_WEBHOOK_SECRET`): `token.expiring` 7 days and
   * 1 day before a token expires, `token.leaked` when the leak flow calls `webhooks.notices.tokenLeaked`.
   * The app builds them on `app.locals.patgate.webhooks`; `startServer` starts the expiry watcher.
   * Defaults to none.
   */
  webhooks?: TokenWebhookOptions;
}

/** What the app shares with the code around it (CLI, tests, later the web pages), on `app.locals.patgate`. */
export interface PatgateLocals {
  models: Models;
  issuer: TokenIssuer;
  verifier: TokenVerifier<UserRecord>;
  tokenStore: SequelizeTokenStore;
  /** Token events waiting to be written; `close()` it after the HTTP server has stopped, before the database. */
  events: TokenEventLog;
  signupEnabled: boolean;
  /** The token webhooks, when `webhooks` was given. */
  webhooks?: TokenWebhooks;
  /**
   * Call after changing or deleting a user: every instance (through `cluster`) drops the cached user at
   * once, instead of serving the old record for up to `tokenCacheTtlMs`.
   */
  userChanged(userId: string): void;
}

/** The Express app {@link createApp} returns. */
export type PatgateApp = express.Express & { locals: { patgate: PatgateLocals } };

/**
 * Builds the reference server's Express app: helmet, request logs without credentials, a 100 kB JSON
 * body limit, bearer-token authentication through Passport, the REST API under `/api`, and one JSON
 * error handler. It does not migrate the database and does not listen; see `startServer`.
 *
 * @example
 * const sequelize = openDatabase({ url: 'sqlite::memory:' });
 * await migrate(sequelize);
 * const app = createApp({ sequelize, secret: process.env.PATGATE_SECRET! });
 * app.listen(3000);
 */
export function createApp(options: AppOptions): PatgateApp {
  if (!options || typeof options.sequelize?.query !== 'function') {
    throw new TypeError('createApp: `sequelize` is required; pass openDatabase(...) after migrate(...)');
  }
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new TypeError('createApp: `secret` is required; pass loadConfig().secret (PATGATE_SECRET)');
  }
  // Whatever logger is given, errors logged by the app (API, GraphQL, pages, token bookkeeping) go through
  // safeErrorSerializer, so a database error never writes its query values.
  const logger = (options.logger ?? pino({ level: 'silent' })).child({}, { serializers: { err: safeErrorSerializer } });
  const models = options.models ?? initModels(options.sequelize);
  const tokenStore = new SequelizeTokenStore(models);
  const reportTokenError: ErrorReporter = (err, context) => logger.error({ err, ...context }, 'token bookkeeping failed');
  const cluster = options.cluster;
  const tokenCacheTtlMs = options.tokenCacheTtlMs ?? DEFAULT_TOKEN_CACHE_TTL_MS;
  // While the Redis link is down no invalidation can arrive: token records and users live this long only.
  const fallbackMs = Math.min(tokenCacheTtlMs, options.tokenCacheFallbackMs ?? DEFAULT_TOKEN_CACHE_FALLBACK_MS);
  const linkCache =
    cluster && new LinkAwareTokenCache({ ttlMs: tokenCacheTtlMs, fallbackMs, isUp: () => cluster.isUp(), ...(options.now && { now: options.now }) });
  // Users are kept as long as the token records that name them, so a cached token costs no query at all.
  const users = new UserCache((id) => getUserById(models, id), () => (cluster && !cluster.isUp() ? fallbackMs : tokenCacheTtlMs), options.now);
  // Every token event goes to the token_events table (queued, written in batches), then to the caller's listener.
  const events = new TokenEventLog(models, { onError: (err, context) => logger.error({ err, ...context }, 'token events failed') });
  const webhooks = options.webhooks && createTokenWebhooks({ ...options.webhooks, models, logger, now: options.now });
  const onEvent: TokenEventListener = (event) => {
    events.record(event);
    // A leak report that revoked a token: token.leaked to the webhook, once (never awaited by the report).
    if (webhooks && event.type === 'leak_reported') void webhooks.leaked(event.tokenId, tokenStore);
    return options.onTokenEvent?.(event);
  };
  const verifier = new TokenVerifier<UserRecord>({
    store: tokenStore,
    pepper: options.secret,
    ...(linkCache ? { cache: linkCache } : { cacheTtlMs: tokenCacheTtlMs }),
    // A deleted user's tokens must stop working even before the cascade has removed them (within the
    // cache time, or at once where the deletion calls `userChanged`).
    resolveUser: (ownerId) => users.get(ownerId),
    onError: reportTokenError,
    onEvent,
    now: options.now,
  });
  // Never rejects: a cache failure goes to onError.
  cluster?.subscribe('token', (tokenId) => void verifier.invalidate(tokenId));
  cluster?.subscribe('user', (userId) => users.invalidate(userId));
  cluster?.onStateChange((up) => {
    if (up) return logger.info('Redis link restored (REDIS_URL): revocations and rate limits are shared again');
    linkCache?.linkDown();
    users.clear();
    logger.warn(
      { tokenCacheTtlMs: fallbackMs },
      'Redis link down (REDIS_URL): serving on; rate limits count per instance, revocations are sent once Redis is back, token cache time cut to PATGATE_TOKEN_CACHE_FALLBACK_MS',
    );
  });
  // Revoking or rotating here clears this instance's cache at once and tells the others through Redis.
  const issuer = createTokenIssuer({
    store: tokenStore,
    secret: options.secret,
    verifier: revocationNotifier(verifier, cluster),
    onEvent,
    onError: reportTokenError,
    now: options.now,
  });

  const app = express() as PatgateApp;
  const signupEnabled = options.signupEnabled ?? true;
  const userChanged = (userId: string) => {
    users.invalidate(userId);
    cluster?.publish('user', userId);
  };
  app.locals.patgate = { models, issuer, verifier, tokenStore, events, signupEnabled, userChanged, ...(webhooks && { webhooks }) };
  const web = createWeb({
    sequelize: options.sequelize,
    models,
    issuer,
    events,
    secret: options.secret,
    signupEnabled,
    graphqlExplorer: options.graphqlExplorer ?? false,
    now: options.now,
    sessionLifetime: options.sessionLifetime,
    rateLimitStore: cluster && ((prefix: string) => cluster.rateLimitStore(prefix)),
  });
  app.set('trust proxy', options.trustProxy ?? false);
  app.disable('x-powered-by');
  app.set('etag', weakETag);

  app.use(securityHeaders());
  app.use(requestLogger(logger));
  // Unauthenticated and cookie-free, each with its own body parser (secret scanning needs the raw bytes),
  // so they come before the shared JSON parser, the session and /api's bearer authentication. Added as
  // routes of the app, not as routers at its root, which every other request would enter and walk only to
  // leave again (Express's dispatch: closures, URL restore; a profile of GET /api/user showed it).
  credentialRevokeRoutes(app, {
    issuer,
    perHour: options.credentialRevokePerHour ?? DEFAULT_CREDENTIAL_REVOKE_PER_HOUR,
    store: cluster?.rateLimitStore('credential-revoke-per-address'),
  });
  secretScanningRoutes(app, { issuer, keys: options.secretScanningKeys });
  app.use(express.json({ limit: '100kb' }));
  // Before authentication, so that a browser's preflight is answered without a token.
  app.use(['/api', '/graphql'], apiCors());
  // A bearer token, or the profile page's session (with CSRF) when the request carries none.
  const failureLimit = authFailureLimit({
    perMinute: options.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE,
    store: cluster?.rateLimitStore('auth-failures'),
    onStoreError: (err) => logger.warn({ err }, 'shared failed-authentication counter unavailable: counting on this instance'),
  });
  const authenticateApi = apiAuthentication({ verifier, models, csrf: web.csrf, session: web.session, failureLimit });
  // One budget per credential for the REST API and GraphQL together.
  const perCredentialLimit = apiRateLimit({
    perMinute: options.apiRateLimitPerMinute ?? DEFAULT_API_RATE_LIMIT_PER_MINUTE,
    store: cluster?.rateLimitStore('api-per-token'),
  });
  // The API's description is public (it says what exists, not who holds what), so it comes before authentication.
  openApiRoutes(app);
  // One router for authentication, the limit and the routes (each layer on /api would match and trim again).
  app.use('/api', apiRouter({ models, issuer, events }, [authenticateApi, perCredentialLimit]));
  // The same authentication as /api (a token, or the profile page's session with CSRF), so a missing or bad
  // token gets the same 401 before any resolver runs, and the token mutations are open to the session
  // alone. Only a request with no Authorization header asking for nothing but `serverInfo` skips it.
  const graphql = graphqlRouter({ models, issuer, server: options.serverInfo }, { introspection: options.graphqlIntrospection ?? false });
  app.use('/graphql', (req, res, next) => (graphql.isAnonymousRequest(req) ? next() : authenticateApi(req, res, next)), perCredentialLimit, graphql);
  // After the API, so a script sending a token never pays for cookie parsing or a session lookup.
  app.use(web.session);
  app.use(web.router);
  // Browsers get pages for unknown paths and errors; API clients get the JSON body.
  app.use(web.notFound, notFoundHandler());
  app.use(web.errors, errorHandler());
  return app;
}
