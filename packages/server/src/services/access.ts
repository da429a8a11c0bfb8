import type { Transaction } from 'sequelize';
import type { Models, StreamRole, StreamRow } from '../db/models.js';
import { ForbiddenError, NotFoundError, TokenLimitedError } from './errors.js';
import { requireId } from './ids.js';

/** Higher is stronger: an owner can do whatever a contributor can, a contributor whatever a reviewer can. */
export const STREAM_ROLE_RANK: Readonly<Record<StreamRole, number>> = {
  'stream:owner': 3,
  'stream:contributor': 2,
  'stream:reviewer': 1,
};

/**
 * Who is asking: a user id (a session, the CLI: the user's full reach), or a user acting through a token
 * limited to some streams (`streamIds`; `null` for all of the user's). Every service that reaches a stream
 * takes one, and {@link streamAccess}, {@link reachableStreamIds} and {@link requireUnlimitedCaller} are the
 * only places that read the limit, so no route or resolver enforces it on its own.
 *
 * @example
 * const caller: Caller = { userId: user.id, streamIds: ['a1b2…'] };
 */
export type Caller = string | { readonly userId: string; readonly streamIds: readonly string[] | null };

/**
 * The user a {@link Caller} acts for.
 *
 * @example
 * callerUserId({ userId: 'u1', streamIds: null }); // 'u1'
 */
export function callerUserId(caller: Caller): string {
  return typeof caller === 'object' && caller !== null ? caller.userId : caller;
}

/**
 * The streams a caller's token is limited to, or `null` when it reaches all the user's.
 *
 * @example
 * const limit = reachableStreamIds(caller); // null | ['a1b2…']
 */
export function reachableStreamIds(caller: Caller): readonly string[] | null {
  return typeof caller === 'object' && caller !== null ? caller.streamIds : null;
}

/**
 * Throws TokenLimitedError (403 `token_limited`) for a caller whose token is limited to some streams:
 * what it would create (a new stream) lies outside any limit.
 *
 * @example
 * requireUnlimitedCaller(caller, 'create streams');
 */
export function requireUnlimitedCaller(caller: Caller, action: string): void {
  if (reachableStreamIds(caller) !== null) throw new TokenLimitedError(`This token is limited to some streams and cannot ${action}`);
}

/** A stream the caller may see, with their role on it (null when they see it only because it is public). */
export interface StreamAccess {
  stream: StreamRow;
  role: StreamRole | null;
}

/**
 * Loads a stream the caller may see. A stream that does not exist, a private stream without a role and a
 * stream outside the caller's token limit all give the same NotFoundError, so nobody learns which ids exist.
 * The token limit is checked before the database is read. Inside a transaction, `lock` holds
 * the stream row until commit (PostgreSQL) so access-list changes on one stream happen one at a time.
 *
 * @example
 * const { stream, role } = await streamAccess(models, caller, streamId);
 */
export async function streamAccess(
  models: Models,
  caller: Caller,
  streamId: string,
  options: { transaction?: Transaction; lock?: boolean } = {},
): Promise<StreamAccess> {
  const id = requireId(streamId, 'Stream');
  const limit = reachableStreamIds(caller);
  if (limit !== null && !limit.includes(id)) throw new NotFoundError('Stream not found');
  const userId = callerUserId(caller);
  const { transaction } = options;
  const stream = await models.Stream.findByPk(id, { transaction, lock: options.lock && transaction ? transaction.LOCK.UPDATE : undefined });
  const acl =
    stream && typeof userId === 'string'
      ? await models.StreamAcl.findOne({ where: { streamId: id, userId }, transaction })
      : null;
  const role = acl?.role ?? null;
  if (!stream || (role === null && !stream.isPublic)) throw new NotFoundError('Stream not found');
  return { stream, role };
}

/**
 * Throws ForbiddenError unless the role is at least `minimum`. Call it after {@link streamAccess}, which
 * has already turned "cannot see" into NotFoundError.
 *
 * @example
 * requireStreamRole(access, 'stream:contributor', 'create commits');
 */
export function requireStreamRole(access: StreamAccess, minimum: StreamRole, action: string): void {
  if (access.role === null || STREAM_ROLE_RANK[access.role] < STREAM_ROLE_RANK[minimum]) {
    throw new ForbiddenError(`You need the ${minimum} role (or stronger) to ${action}`);
  }
}
