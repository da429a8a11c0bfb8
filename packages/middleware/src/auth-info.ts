import type { PatAuthInfo } from './types.js';

/**
 * What the verified token told this request (`req.authInfo`), typed, or `undefined` when the request was
 * not authenticated by a token. Any object with an `authInfo` fits: Express's request, NestJS's, your own.
 *
 * @example
 * app.get('/me', bearer, requireScopes('profile:read'), (req, res) => {
 *   const info = patAuthInfo(req);
 *   res.json({ token: info?.tokenId, scopes: info?.scopes });
 * });
 */
export function patAuthInfo(req: { authInfo?: unknown }): PatAuthInfo | undefined {
  const info = req.authInfo as Partial<PatAuthInfo> | null | undefined;
  return info && typeof info === 'object' && Array.isArray(info.scopes) ? (info as PatAuthInfo) : undefined;
}
