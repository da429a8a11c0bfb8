import type { TokenIssuer } from '@patgate/middleware';
import type { Models, TokenEventRow } from '../db/models.js';
import type { TokenEventLog } from '../events/token-event-log.js';
import { NotFoundError } from './errors.js';
import { after, isUuid, readPage, toPage } from './pagination.js';
import type { Page, PageInput } from './pagination.js';

/** One event as the API and the history page show it; `url` only where there is one (a leak report). */
export interface TokenEventJson {
  type: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  actor: string;
  url?: string;
}

function toEventJson(row: TokenEventRow): TokenEventJson {
  const { type, at, ip, userAgent, actor, url } = row;
  return { type, at, ip, userAgent, actor, ...(url !== null && { url }) };
}

/** What {@link listTokenEvents} reads from. */
export interface TokenEventSources {
  models: Pick<Models, 'TokenEvent'>;
  issuer: TokenIssuer;
  /** This instance's queue, flushed first so the owner sees what just happened. */
  events: TokenEventLog;
}

/**
 * A token's history, newest first, one page at a time, for its owner only: someone else's token, or one
 * that never existed, is "not found". The events outlive the token row, so a pruned token's history is
 * still found through the events' own owner.
 *
 * @example
 * const page = await listTokenEvents({ models, issuer, events }, userId, 'AbC123xyz0', { limit: 25 });
 */
export async function listTokenEvents(
  { models, issuer, events }: TokenEventSources,
  ownerId: string,
  tokenId: string,
  page: PageInput = {},
): Promise<Page<TokenEventJson>> {
  const { limit, after: position } = readPage(page, isUuid);
  await events.flush();
  const where = { tokenId, ownerId };
  const [totalCount, rows] = await Promise.all([
    models.TokenEvent.count({ where }),
    models.TokenEvent.findAll({
      where: { ...where, ...after(position, 'at') },
      order: [
        ['at', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: limit + 1,
    }),
  ]);
  if (totalCount === 0 && !(await issuer.get(ownerId, tokenId))) throw new NotFoundError('Token not found');
  return toPage(rows, limit, totalCount, (row) => ({ at: row.at, id: row.id }), toEventJson);
}
