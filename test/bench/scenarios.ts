// What `npm run bench` measures. Each scenario names the server process it runs against (server.ts), the
// token it sends, the status every answer must have, and the target for its ratio to bare Express.

/** A ratio a scenario should reach: a number, or another scenario's ratio in the same run. */
export type Target = { atLeast: number } | { atLeastScenario: string };

export interface Scenario {
  id: string;
  label: string;
  /** A key of SERVERS in server.ts; each scenario gets its own process. */
  server: string;
  /** Which of the server's tokens to send as `Authorization: Bearer`; none for bare. */
  token?: string;
  /** Defaults to `/r`. */
  path?: string;
  /** The status every answer must have; anything else marks the row. */
  status: number;
  target?: Target;
  /**
   * Real traffic at a fixed rate beside an unthrottled flood of this token, measured against the same
   * traffic alone in the same round; the ratio is beside / alone.
   */
  flood?: string;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'bare', label: 'bare Express 5 route', server: 'bare', status: 200 },
  { id: 'hand-written', label: 'hand-written middleware: SHA-256 + Map + expiry', server: 'handWritten', token: 'valid', status: 200 },
  {
    id: 'hand-written-hmac',
    label: 'hand-written middleware, keyed: HMAC-SHA-256 + Map + expiry',
    server: 'handWrittenHmac',
    token: 'valid',
    status: 200,
  },
  { id: 'passport-http-bearer', label: 'passport-http-bearer, the same SHA-256 + Map check', server: 'passportHttpBearer', token: 'valid', status: 200 },
  { id: 'jwt-rs256', label: 'express-oauth2-jwt-bearer, RS256', server: 'jwtRs256', token: 'valid', status: 200 },
  { id: 'bcrypt', label: "Speckle's scheme: id lookup + bcrypt (cost 10)", server: 'bcrypt', token: 'valid', status: 200 },
  { id: 'sqlite', label: 'one SQLite query per request (Sequelize)', server: 'sqlite', token: 'valid', status: 200 },
  {
    id: 'patgate-authenticate',
    label: 'patgate authenticate() + requireScopes, 100k tokens, MemoryTokenStore',
    server: 'patgateAuthenticate',
    token: 'valid',
    status: 200,
    target: { atLeastScenario: 'hand-written' },
  },
  {
    id: 'patgate-strategy',
    label: 'patgate BearerTokenStrategy through Passport',
    server: 'patgateStrategy',
    token: 'valid',
    status: 200,
    target: { atLeastScenario: 'passport-http-bearer' },
  },
  { id: 'patgate-bad-checksum', label: 'patgate refusing a bad checksum (401)', server: 'patgateAuthenticate', token: 'badChecksum', status: 401, target: { atLeast: 1 } },
  { id: 'patgate-unknown-id', label: 'patgate refusing an unknown id (401)', server: 'patgateAuthenticate', token: 'unknownId', status: 401, target: { atLeast: 0.9 } },
  { id: 'patgate-wrong-secret', label: 'patgate refusing a wrong secret (401)', server: 'patgateAuthenticate', token: 'wrongSecret', status: 401, target: { atLeast: 0.9 } },
  {
    id: 'reference-user',
    label: 'reference server GET /api/user, valid token, default middleware',
    server: 'reference',
    token: 'valid',
    path: '/api/user',
    status: 200,
    target: { atLeast: 0.45 },
  },
  {
    id: 'reference-401',
    label: 'reference server GET /api/user, wrong secret (its 401)',
    server: 'reference',
    token: 'wrongSecret',
    path: '/api/user',
    status: 401,
    target: { atLeast: 0.6 },
  },
  {
    id: 'mixed',
    label: 'patgate authenticate(): real traffic beside a wrong-secret flood, vs alone',
    server: 'patgateAuthenticate',
    token: 'valid',
    status: 200,
    flood: 'wrongSecret',
    target: { atLeast: 0.9 },
  },
];

/** Whether a ratio meets its target, given the run's other ratios; `undefined` when there is none. */
export function meets(target: Target | undefined, ratio: number, ratios: ReadonlyMap<string, number>): boolean | undefined {
  if (!target) return undefined;
  if ('atLeast' in target) return ratio >= target.atLeast;
  const other = ratios.get(target.atLeastScenario);
  return other === undefined ? undefined : ratio >= other;
}

/** The target as the table prints it. */
export function describeTarget(target: Target | undefined): string {
  if (!target) return '';
  return 'atLeast' in target ? `>= ${target.atLeast}` : `>= ${target.atLeastScenario}`;
}
