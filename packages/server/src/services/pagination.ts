import { Op } from 'sequelize';
import type { WhereOptions } from 'sequelize';
import { BadInputError } from './errors.js';

/** Paging input of list services. */
export interface PageInput {
  /** How many items, 1 to 100. Defaults to 25. */
  limit?: number;
  /** The `cursor` of the previous page; absent or null for the first page. */
  cursor?: string | null;
}

/** One page of a list: the total over all pages, the items, and the cursor of the next page (null at the end). */
export interface Page<T> {
  totalCount: number;
  items: T[];
  cursor: string | null;
}

/** Where the previous page stopped: the sort time and id of its last item. */
export interface Position {
  at: Date;
  id: string;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { at: new Date(value[0] as number), id: value[1] };
    }
  } catch {
    // Falls through to the same error as a well-formed cursor of the wrong shape.
  }
  throw new BadInputError('Invalid cursor');
}

/** Opaque to clients so the ordering can change without breaking them; base64url of `[epochMs, id]`. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.getTime(), position.id])).toString('base64url');
}

/**
 * Checks and decodes paging input.
 *
 * @example
 * const { limit, after } = readPage({ limit: 10, cursor: req.query.cursor });
 */
export function readPage(input: PageInput = {}): { limit: number; after: Position | null } {
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadInputError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const cursor = input.cursor ?? null;
  if (cursor !== null && typeof cursor !== 'string') throw new BadInputError('Invalid cursor');
  return { limit, after: cursor === null || cursor === '' ? null : decodeCursor(cursor) };
}

/**
 * The keyset condition "after this position" for rows ordered by `timeColumn DESC, id DESC`: no OFFSET,
 * so a page costs the same at any depth and rows added meanwhile neither repeat nor vanish.
 *
 * @example
 * models.Commit.findAll({ where: { streamId, ...after(position, 'createdAt') }, order: newestFirst('createdAt') });
 */
export function after(position: Position | null, timeColumn: string): WhereOptions {
  if (position === null) return {};
  return {
    [Op.or]: [
      { [timeColumn]: { [Op.lt]: position.at } },
      { [timeColumn]: position.at, id: { [Op.lt]: position.id } },
    ],
  };
}

/**
 * Builds the page from up to `limit + 1` fetched rows: the extra row only says that another page exists.
 *
 * @example
 * return toPage(rows, limit, totalCount, (c) => ({ at: c.createdAt, id: c.id }), toCommitInfo);
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  totalCount: number,
  positionOf: (row: Row) => Position,
  toItem: (row: Row) => Item,
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const cursor = rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null;
  return { totalCount, items: pageRows.map(toItem), cursor };
}
