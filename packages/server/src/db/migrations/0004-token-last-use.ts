import { addColumns } from './add-columns.js';

/**
 * `api_tokens.lastUsedIp` and `lastUsedUserAgent`, written with `lastUsedAt` by the throttled touch. TEXT on
 * both databases: the middleware bounds what it writes (the user agent to 512 characters), and a store
 * written to directly must not fail a touch on PostgreSQL for a length SQLite would have taken.
 */
export const tokenLastUse = addColumns('0004-token-last-use', [
  ['api_tokens', 'lastUsedIp', 'TEXT'],
  ['api_tokens', 'lastUsedUserAgent', 'TEXT'],
]);
