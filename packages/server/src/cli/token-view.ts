import { tokenState } from '@patgate/middleware';
import type { TokenInfo, TokenState } from '@patgate/middleware';

/**
 * The states a token can be in, as `token list --state` takes them.
 *
 * @example
 * TOKEN_STATES.includes('expired'); // true
 */
export const TOKEN_STATES: readonly TokenState[] = ['active', 'revoked', 'expired'];

/**
 * A token as the CLI shows it: the stored facts plus whether it still works. Never a secret.
 *
 * @example
 * const active: TokenView[] = views.filter((view) => view.status === 'active');
 */
export interface TokenView {
  id: string;
  name: string;
  scopes: string[];
  /** The end of the token ("…x9Qa1z"), so people can tell which one they hold. */
  lastChars: string;
  status: TokenState;
  /** The owner's email, in operators' lists (`token list --all`) only. */
  owner?: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** The address and user agent of the last recorded use, `null` before any. */
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  revokedAt: string | null;
  /** The streams the token is limited to, `null` for all of the owner's. */
  streamIds: string[] | null;
}

const AGENT_COLUMN = 40;
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/**
 * Turns an issuer's `TokenInfo` into the shape `token create`, `token list` and `token revoke` print.
 *
 * @example
 * toTokenView(info, new Date()).status; // 'active'
 */
export function toTokenView(info: TokenInfo, now: Date): TokenView {
  const status = tokenState(info, now);
  return {
    id: info.id,
    name: info.name,
    scopes: [...info.scopes],
    lastChars: info.lastChars,
    status,
    createdAt: iso(info.createdAt)!,
    expiresAt: iso(info.expiresAt),
    lastUsedAt: iso(info.lastUsedAt),
    lastUsedIp: info.lastUsedIp ?? null,
    lastUsedUserAgent: info.lastUsedUserAgent ?? null,
    revokedAt: iso(info.revokedAt),
    streamIds: info.resourceIds ? [...info.resourceIds] : null,
  };
}

/**
 * Lays tokens out as an aligned text table for people.
 *
 * @example
 * io.stdout(`${formatTokenTable(views)}\n`);
 */
export function formatTokenTable(views: readonly TokenView[]): string {
  const day = (value: string | null) => (value === null ? '-' : value.slice(0, 10));
  const owners = views.some((v) => v.owner !== undefined);
  // A user agent can be long; the table shows its start, `--json` all of it.
  const agent = (value: string | null) => (value === null ? '-' : value.length > AGENT_COLUMN ? `${value.slice(0, AGENT_COLUMN - 1)}…` : value);
  return formatTable([
    ['ID', ...(owners ? ['OWNER'] : []), 'NAME', 'SCOPES', 'ENDS', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED', 'FROM', 'USER AGENT'],
    ...views.map((v) => [
      v.id, ...(owners ? [v.owner ?? '-'] : []), v.name, v.scopes.join(','), `…${v.lastChars}`, v.status, day(v.createdAt), day(v.expiresAt), day(v.lastUsedAt),
      v.lastUsedIp ?? '-', agent(v.lastUsedUserAgent),
    ]),
  ]);
}

/**
 * Lays rows (the first one the header) out as aligned text columns.
 *
 * @example
 * formatTable([['ID', 'NAME'], ['1', 'Ada']]);
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
