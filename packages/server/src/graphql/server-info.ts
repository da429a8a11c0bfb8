import { SCOPES } from '../scopes.js';

/** What an operator may say about the server in `serverInfo`, as a Speckle server's admin can. */
export interface ServerDescription {
  /** Shown by Speckle's desktop connectors next to the account. */
  name: string;
  company: string | null;
  description: string | null;
  /** Whom users should write to, usually an email address. */
  adminContact: string | null;
  /** The URL clients should use for this server, when it is known. */
  canonicalUrl: string | null;
}

/**
 * The description `serverInfo` gives unless `createApp({ serverInfo })` says otherwise.
 *
 * @example
 * createApp({ sequelize, secret, serverInfo: { ...DEFAULT_SERVER_DESCRIPTION, company: 'ACME' } });
 */
export const DEFAULT_SERVER_DESCRIPTION: Readonly<ServerDescription> = Object.freeze({
  name: 'patgate',
  company: null,
  description: 'patgate reference server: personal access tokens in the style of Speckle',
  adminContact: null,
  canonicalUrl: null,
});

/**
 * The operator's description with the defaults filled in, checked once when the app is built: an unknown
 * key, a non-string value or an empty name throws a TypeError naming `serverInfo.<key>`.
 *
 * @example
 * serverDescription({ company: 'ACME' }).name; // 'patgate'
 */
export function serverDescription(input: Partial<ServerDescription> = {}): ServerDescription {
  if (typeof input !== 'object' || input === null) throw new TypeError('createApp: `serverInfo` must be an object');
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_SERVER_DESCRIPTION)) {
      throw new TypeError(`createApp: \`serverInfo.${key}\` is not a setting; use ${Object.keys(DEFAULT_SERVER_DESCRIPTION).join(', ')}`);
    }
    const allowed = key === 'name' ? typeof value === 'string' && value.trim() !== '' : value === null || value === undefined || typeof value === 'string';
    if (!allowed) throw new TypeError(`createApp: \`serverInfo.${key}\` must be ${key === 'name' ? 'a non-empty string' : 'a string or null'}`);
  }
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_SERVER_DESCRIPTION, ...defined };
}

/**
 * The `version` serverInfo reports. Speckle's SDKs compare it with Speckle's own release numbers
 * (specklepy refuses `streamUpdatePermission` below 2.6.4; the .NET SDK parses it as a version), and
 * patgate's numbers are not Speckle's, so it answers what a Speckle server without a release number
 * answers: `dev`, which both SDKs treat as the newest.
 *
 * @example
 * serverInfo(DEFAULT_SERVER_DESCRIPTION).version === SERVER_VERSION; // true
 */
export const SERVER_VERSION = 'dev';

/** The one way to sign in on the web page: email and password at `/login`. */
const AUTH_STRATEGIES = Object.freeze([{ id: 'local', name: 'Email and password', icon: 'mdi-email', url: '/login', color: null }]);

/**
 * The `serverInfo` object in the shape of Speckle's `ServerInfo`: the operator's description, every scope
 * the server knows with the sentence the profile page shows, the sign-in methods, no workspaces and no
 * migration. It says nothing about users or tokens, which is why it may answer without credentials.
 *
 * @example
 * serverInfo(DEFAULT_SERVER_DESCRIPTION).workspaces; // { workspacesEnabled: false }
 */
export function serverInfo(description: ServerDescription) {
  return {
    ...description,
    version: SERVER_VERSION,
    scopes: SCOPES.map(({ name, description: text }) => ({ name, description: text })),
    authStrategies: AUTH_STRATEGIES,
    workspaces: { workspacesEnabled: false },
    migration: null,
  };
}
