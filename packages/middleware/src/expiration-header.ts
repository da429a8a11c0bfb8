/** The response header that tells a client when the token it sent stops working (an HTTP date). */
export const TOKEN_EXPIRATION_HEADER = 'Patgate-Token-Expiration';

/** The part of a response the header is written to. Node's `ServerResponse` (and Express's) fits. */
export interface HeaderTarget {
  headersSent?: boolean;
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: string): unknown;
}

/**
 * Sets `Patgate-Token-Expiration: <HTTP date>` for a token that expires (nothing for one that never does)
 * and adds the header's name to `Access-Control-Expose-Headers`, keeping what a CORS middleware put there
 * before, so that a script on another origin can read it.
 *
 * @example
 * setExpirationHeader(res, new Date('2030-01-01T00:00:00Z'));
 * // Patgate-Token-Expiration: Tue, 01 Jan 2030 00:00:00 GMT
 */
export function setExpirationHeader(res: HeaderTarget | undefined, expiresAt: Date | null): void {
  if (!expiresAt || !res || res.headersSent) return;
  res.setHeader(TOKEN_EXPIRATION_HEADER, expiresAt.toUTCString());
  const current = res.getHeader('Access-Control-Expose-Headers');
  const names = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.some((name) => name === '*' || name.toLowerCase() === TOKEN_EXPIRATION_HEADER.toLowerCase())) return;
  res.setHeader('Access-Control-Expose-Headers', [...names, TOKEN_EXPIRATION_HEADER].join(', '));
}
