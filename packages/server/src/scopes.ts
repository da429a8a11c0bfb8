/**
 * The reference server's vocabulary of permissions: the scopes a token can carry (after Speckle's), the
 * roles users hold on streams and on the server, and the one token policy every issuer in the server uses.
 * The REST routes, the CLI and the profile page all read from here, so a scope is described once.
 */
import { scopeGuards, TokenIssuer } from '@patgate/middleware';
import type { ErrorReporter, TokenEventListener, TokenInvalidator, TokenStore } from '@patgate/middleware';
import type { ServerRole } from './db/models.js';

/**
 * Every scope the server knows, in the order the profile page lists them, with the sentence the page shows
 * next to its checkbox (it completes "lets a token …"). `grantable: false` marks scopes that exist but are
 * never put on a personal access token; `session: true` marks the scopes the profile page's signed-in
 * session holds on the API. A `const` table: {@link ScopeName} is derived from it, so a scope name anywhere
 * in the server is checked by the compiler.
 *
 * @example
 * for (const scope of SCOPES.filter((s) => s.grantable)) console.log(`${scope.name}: ${scope.description}`);
 */
export const SCOPES = Object.freeze([
  { name: 'streams:read', description: 'read your streams and what they hold (commits, collaborators)', grantable: true, session: false },
  { name: 'streams:write', description: 'create streams on your behalf, change them, share them, create commits', grantable: true, session: false },
  { name: 'profile:read', description: 'read your profile', grantable: true, session: true },
  { name: 'profile:email', description: 'read the email address you registered with', grantable: true, session: true },
  { name: 'users:read', description: "read other users' public profiles", grantable: true, session: false },
  { name: 'users:email', description: "read other users' email addresses (server admins only)", grantable: true, session: false },
  { name: 'tokens:read', description: 'list your tokens (never their secrets)', grantable: true, session: true },
  // A PAT that could mint PATs would turn one leaked token into unlimited, longer-lived ones.
  { name: 'tokens:write', description: 'create and revoke tokens: never granted to a PAT, so a PAT cannot mint PATs', grantable: false, session: true },
] as const satisfies readonly { name: string; description: string; grantable: boolean; session: boolean }[]);

/**
 * A scope name the server knows: `'streams:read'`, `'tokens:write'`, …
 *
 * @example
 * const needed: ScopeName = 'streams:read';
 */
export type ScopeName = (typeof SCOPES)[number]['name'];

/** One row of {@link SCOPES}. */
export interface ScopeDefinition {
  readonly name: ScopeName;
  /** Completes "lets a token …". */
  readonly description: string;
  /** `false` for scopes that exist but are never put on a personal access token. */
  readonly grantable: boolean;
  /** Whether the profile page's signed-in session holds it on the API. */
  readonly session: boolean;
}

const names = (rows: readonly ScopeDefinition[]): readonly ScopeName[] => Object.freeze(rows.map((s) => s.name));

/**
 * The names of every known scope.
 *
 * @example
 * SCOPE_NAMES.includes('streams:read'); // true
 */
export const SCOPE_NAMES: readonly ScopeName[] = names(SCOPES);

/**
 * Scopes that are never granted to a personal access token.
 *
 * @example
 * UNGRANTABLE_SCOPES; // ['tokens:write']
 */
export const UNGRANTABLE_SCOPES: readonly ScopeName[] = names(SCOPES.filter((s) => !s.grantable));

/**
 * What a signed-in browser session may do on the API: exactly what the profile page needs. `tokens:write`
 * is the one scope no PAT can hold, which is what keeps token creation and revocation session-only.
 * Streams scopes are left out on purpose: the page never touches streams, and a cookie-authenticated
 * context should be no more powerful than its page.
 *
 * @example
 * SESSION_SCOPES; // ['profile:read', 'profile:email', 'tokens:read', 'tokens:write']
 */
export const SESSION_SCOPES: readonly ScopeName[] = names(SCOPES.filter((s) => s.session));

/**
 * Whether `name` is one of the server's scopes, narrowing it to {@link ScopeName}.
 *
 * @example
 * if (isScopeName(input)) requireScope(context, input);
 */
export function isScopeName(name: string): name is ScopeName {
  return (SCOPE_NAMES as readonly string[]).includes(name);
}

/**
 * The middleware's scope guards typed by the server's vocabulary: `requireScopes('stream:read')` does not
 * compile (and would throw at start-up). The server imports the guards from here, never from
 * `@patgate/middleware` directly (a lint rule says so).
 *
 * @example
 * router.get('/streams', requireScopes('streams:read'), handler);
 */
export const { requireScopes, requireAnyScope } = scopeGuards(SCOPE_NAMES);

/**
 * Roles on a stream, strongest first: an owner can do everything a contributor can, and so on. The data
 * layer owns the list (its column validation uses it); it is re-exported here beside the scopes.
 *
 * @example
 * const role: StreamRole = STREAM_ROLES[1]; // 'stream:contributor'
 */
export { STREAM_ROLES } from './db/models.js';
export type { StreamRole, ServerRole } from './db/models.js';

/**
 * Roles on the server. Only `server:admin` may read other users' email addresses.
 *
 * @example
 * const isAdmin = user.serverRole === 'server:admin';
 */
export const SERVER_ROLES: readonly ServerRole[] = Object.freeze(['server:admin', 'server:user']);

const DAY_MS = 86_400_000;

/** Lifespan of a token when its creator asks for none: 30 days. */
export const DEFAULT_TOKEN_LIFESPAN_MS = 30 * DAY_MS;
/** The longest lifespan a token may have: 365 days. No token lives forever. */
export const MAX_TOKEN_LIFESPAN_MS = 365 * DAY_MS;

/** The longest grace window a rotation may give the old token: one day, in seconds (`graceSeconds`). */
export const MAX_ROTATION_GRACE_SECONDS = 86_400;

/** Inputs of {@link createTokenIssuer}. */
export interface TokenIssuerSetup {
  /** Where tokens are saved (the server's `SequelizeTokenStore`). */
  store: TokenStore;
  /** The server secret (`PATGATE_SECRET`), used as the pepper. */
  secret: string;
  /** A verifier whose cache must forget a token the moment it is revoked or rotated. Defaults to none. */
  verifier?: TokenInvalidator | undefined;
  /** Receives `created`, `revoked` and `rotated` events with the actor (see the middleware's `onEvent`). Defaults to none. */
  onEvent?: TokenEventListener | undefined;
  /** Receives failures of invalidation and of `onEvent`, which never fail a call. Defaults to `console.error`. */
  onError?: ErrorReporter | undefined;
  /** The clock. Inject one in tests. Defaults to `() => new Date()`. */
  now?: () => Date;
}

/**
 * Builds the token issuer with the server's policy: known scopes only, `tokens:write` never granted,
 * 30 days by default, at most 365 days, never "no expiry", rotation grace of at most a day. The app, the CLI and the profile page all
 * call this one function so they cannot drift apart.
 *
 * @example
 * const issuer = createTokenIssuer({ store: new SequelizeTokenStore(models), secret: config.secret });
 * const { token } = await issuer.create({ ownerId: user.id, name: 'CI', scopes: ['streams:read'] });
 */
export function createTokenIssuer(setup: TokenIssuerSetup): TokenIssuer {
  return new TokenIssuer({
    store: setup.store,
    pepper: setup.secret,
    scopes: SCOPE_NAMES,
    ungrantableScopes: UNGRANTABLE_SCOPES,
    defaultLifespanMs: DEFAULT_TOKEN_LIFESPAN_MS,
    maxLifespanMs: MAX_TOKEN_LIFESPAN_MS,
    maxRotationGraceMs: MAX_ROTATION_GRACE_SECONDS * 1000,
    verifier: setup.verifier,
    onEvent: setup.onEvent,
    onError: setup.onError,
    now: setup.now,
  });
}
