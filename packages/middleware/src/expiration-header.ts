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
  res.setHeader(TOKEN_EXPIRATION_HEADER, httpDate(expiresAt));
  const current = res.getHeader('Access-Control-Expose-Headers');
  // Most responses see the same list every time (the one a CORS middleware sets, or none): worked out once.
  let exposed: string | undefined;
  if (current === undefined) exposed = TOKEN_EXPIRATION_HEADER;
  else if (typeof current === 'string' && current === lastExposed.given) exposed = lastExposed.result;
  else {
    exposed = exposing(current);
    if (typeof current === 'string') lastExposed = { given: current, result: exposed };
  }
  if (exposed !== undefined) res.setHeader('Access-Control-Expose-Headers', exposed);
}

/** The last `Access-Control-Expose-Headers` string seen, and what it becomes (`undefined`: left as it is). */
let lastExposed: { given: string; result: string | undefined } = { given: '', result: TOKEN_EXPIRATION_HEADER };

/** The list with {@link TOKEN_EXPIRATION_HEADER} added, or `undefined` when it has `*` or the name already. */
function exposing(current: number | string | string[]): string | undefined {
  const names = (Array.isArray(current) ? current.join(',') : String(current))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.some((name) => name === '*' || name.toLowerCase() === TOKEN_EXPIRATION_HEADER.toLowerCase())) return undefined;
  return [...names, TOKEN_EXPIRATION_HEADER].join(', ');
}

// The HTTP date of each expiry, formatted once: a cached token record hands over the same `Date` each time.
const httpDates = new WeakMap<Date, { time: number; text: string }>();

function httpDate(at: Date): string {
  const time = at.getTime();
  let formatted = httpDates.get(at);
  // Checked against the time too, so a `Date` changed with `setTime` is formatted again.
  if (formatted?.time !== time) {
    formatted = { time, text: at.toUTCString() };
    httpDates.set(at, formatted);
  }
  return formatted.text;
}
