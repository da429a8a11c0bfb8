import { Op } from 'sequelize';
import type { WhereOptions } from 'sequelize';
import { z } from 'zod';
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

/**
 * Says whether a string can be the id of an item of the list being paged (a UUID for streams and commits,
 * a base62 token id for tokens). A cursor naming anything else was not handed out by this list.
 *
 * @example
 * readPage({ cursor }, isTokenId);
 */
export type IdCheck = (id: string) => boolean;

const uuid = z.uuid();

/**
 * The {@link IdCheck} of lists of users, streams and commits, whose ids are UUIDs (`newId`).
 *
 * @example
 * readPage(page, isUuid);
 */
export const isUuid: IdCheck = (id) => uuid.safeParse(id).success;

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/**
 * The times a cursor may hold, in ms since the epoch: from 0001-01-01 (Sequelize writes earlier years as
 * `-4713-…`, which PostgreSQL cannot parse) to the last instant a JavaScript `Date` can hold (8.64e15,
 * ECMA-262 "Time Values"; beyond it `new Date` is an Invalid Date).
 */
const MIN_TIME_MS = -62_135_596_800_000;
const MAX_TIME_MS = 8.64e15;

const invalidCursor = (): BadInputError =>
  new BadInputError('Invalid cursor: pass the `cursor` a previous page of this list returned, or none for the first page');

function decodeCursor(cursor: string, isId: IdCheck): Position {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(value) || value.length !== 2) throw invalidCursor();
  const [ms, id] = value as unknown[];
  // Outside this range PostgreSQL refuses the query (a 500) and SQLite compares garbage (an empty page).
  if (!Number.isSafeInteger(ms) || (ms as number) < MIN_TIME_MS || (ms as number) > MAX_TIME_MS) throw invalidCursor();
  const at = new Date(ms as number);
  if (!Number.isFinite(at.getTime())) throw invalidCursor();
  if (typeof id !== 'string' || !isId(id)) throw invalidCursor();
  return { at, id };
}

/** Opaque to clients so the ordering can change without breaking them; base64url of `[epochMs, id]`. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.getTime(), position.id])).toString('base64url');
}

/**
 * Checks and decodes paging input; `isId` says what the list's ids look like, so a tampered cursor is a
 * 400 rather than a database error or a silently empty page.
 *
 * @example
 * const { limit, after } = readPage({ limit: 10, cursor: req.query.cursor }, isId);
 */
export function readPage(input: PageInput, isId: IdCheck): { limit: number; after: Position | null } {
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadInputError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const cursor = input.cursor ?? null;
  if (cursor !== null && typeof cursor !== 'string') throw invalidCursor();
  return { limit, after: cursor === null || cursor === '' ? null : decodeCursor(cursor, isId) };
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

/** Newest first, ties broken by id descending: the order {@link after} assumes in SQL. */
function newestFirst(a: Position, b: Position): number {
  return b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * One page of a list already in memory, in the same order, cursor and checks as the database lists: for
 * small per-user lists (tokens) whose store has no paging of its own.
 *
 * @example
 * return pageInMemory(await issuer.list(ownerId), page, isTokenId, (t) => ({ at: t.createdAt, id: t.id }), toTokenJson);
 */
export function pageInMemory<Row, Item>(
  rows: readonly Row[],
  page: PageInput,
  isId: IdCheck,
  positionOf: (row: Row) => Position,
  toItem: (row: Row) => Item,
): Page<Item> {
  const { limit, after: position } = readPage(page, isId);
  const sorted = [...rows].sort((a, b) => newestFirst(positionOf(a), positionOf(b)));
  const rest = position ? sorted.filter((row) => newestFirst(position, positionOf(row)) < 0) : sorted;
  return toPage(rest.slice(0, limit + 1), limit, rows.length, positionOf, toItem);
}
