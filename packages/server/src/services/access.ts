import type { Transaction } from 'sequelize';
import type { Models, StreamRole, StreamRow } from '../db/models.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { requireId } from './ids.js';

/** Higher is stronger: an owner can do whatever a contributor can, a contributor whatever a reviewer can. */
export const STREAM_ROLE_RANK: Readonly<Record<StreamRole, number>> = {
  'stream:owner': 3,
  'stream:contributor': 2,
  'stream:reviewer': 1,
};

/** A stream the caller may see, with their role on it (null when they see it only because it is public). */
export interface StreamAccess {
  stream: StreamRow;
  role: StreamRole | null;
}

/**
 * Loads a stream the caller may see. A stream that does not exist and a private stream without a role
 * both give the same NotFoundError, so nobody learns which ids exist. Inside a transaction, `lock` holds
 * the stream row until commit (PostgreSQL) so access-list changes on one stream happen one at a time.
 *
 * @example
 * const { stream, role } = await streamAccess(models, userId, streamId);
 */
export async function streamAccess(
  models: Models,
  userId: string,
  streamId: string,
  options: { transaction?: Transaction; lock?: boolean } = {},
): Promise<StreamAccess> {
  const id = requireId(streamId, 'Stream');
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
