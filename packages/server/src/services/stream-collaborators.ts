import type { Transaction } from 'sequelize';
import { STREAM_ROLES } from '../db/models.js';
import type { Models, StreamAclRow, StreamRole, UserRow } from '../db/models.js';
import { STREAM_ROLE_RANK, requireStreamRole, streamAccess } from './access.js';
import { BadInputError, ConflictError, NotFoundError } from './errors.js';
import { requireId } from './ids.js';
import { toPublicUser } from './users.js';
import type { PublicUser } from './users.js';

/** A user with a role on a stream: their public profile (never the email) and the role. */
export interface Collaborator extends PublicUser {
  role: StreamRole;
}

function toCollaborator(user: UserRow, role: StreamRole): Collaborator {
  return { ...toPublicUser(user, { includeEmail: false }), role };
}

/**
 * Everyone with a role on the stream, strongest role first, then by name. Needs a role: NotFoundError
 * when the caller cannot see the stream, ForbiddenError when they see it only because it is public.
 *
 * @example
 * const people = await listCollaborators(models, userId, streamId);
 */
export async function listCollaborators(models: Models, userId: string, streamId: string): Promise<Collaborator[]> {
  const access = await streamAccess(models, userId, streamId);
  requireStreamRole(access, 'stream:reviewer', 'see who works on this stream');
  const rows = await models.StreamAcl.findAll({
    where: { streamId: access.stream.id },
    include: [{ model: models.User, as: 'user', required: true }],
  });
  return rows
    .map((acl) => toCollaborator(acl.get('user') as UserRow, acl.role))
    .sort((a, b) => STREAM_ROLE_RANK[b.role] - STREAM_ROLE_RANK[a.role] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * Runs an access-list change on one stream as the owner: in a transaction that holds the stream row, so
 * two changes to the same stream run one after the other and the "last owner" check cannot be raced.
 * (SQLite transactions here start IMMEDIATE, which serialises writers the same way.)
 */
function asOwner<T>(
  models: Models,
  userId: string,
  streamId: string,
  action: string,
  change: (streamId: string, transaction: Transaction) => Promise<T>,
): Promise<T> {
  return models.sequelize.transaction(async (transaction) => {
    const access = await streamAccess(models, userId, streamId, { transaction, lock: true });
    requireStreamRole(access, 'stream:owner', action);
    return change(access.stream.id, transaction);
  });
}

/** ConflictError if taking the owner role from this entry would leave the stream without an owner. */
async function keepAnOwner(models: Models, entry: StreamAclRow, transaction: Transaction): Promise<void> {
  if (entry.role !== 'stream:owner') return;
  const owners = await models.StreamAcl.count({ where: { streamId: entry.streamId, role: 'stream:owner' }, transaction });
  if (owners <= 1) throw new ConflictError('A stream must keep at least one owner');
}

/**
 * Gives a user a role on the stream, or changes their role ("share"). Owners only. NotFoundError for an
 * unknown target user, BadInputError for an unknown role, ConflictError when it would demote the last owner.
 *
 * @example
 * await grantPermission(models, ownerId, streamId, colleagueId, 'stream:contributor');
 */
export async function grantPermission(
  models: Models,
  userId: string,
  streamId: string,
  targetUserId: string,
  role: StreamRole,
): Promise<Collaborator> {
  if (!(STREAM_ROLES as readonly unknown[]).includes(role)) {
    throw new BadInputError(`role must be one of ${STREAM_ROLES.join(', ')}`);
  }
  return asOwner(models, userId, streamId, 'share this stream', async (id, transaction) => {
    const target = await models.User.findByPk(requireId(targetUserId, 'User'), { transaction });
    if (!target) throw new NotFoundError('User not found');
    const entry = await models.StreamAcl.findOne({ where: { streamId: id, userId: target.id }, transaction });
    if (entry === null) {
      await models.StreamAcl.create({ streamId: id, userId: target.id, role }, { transaction });
    } else if (entry.role !== role) {
      if (role !== 'stream:owner') await keepAnOwner(models, entry, transaction);
      await entry.update({ role }, { transaction });
    }
    return toCollaborator(target, role);
  });
}

/**
 * Takes a user's role on the stream away (an owner may remove themselves while another owner remains).
 * Owners only. NotFoundError when the target has no role, ConflictError for the last owner.
 *
 * @example
 * await revokePermission(models, ownerId, streamId, formerColleagueId); // then answer 204
 */
export async function revokePermission(models: Models, userId: string, streamId: string, targetUserId: string): Promise<void> {
  await asOwner(models, userId, streamId, 'change who works on this stream', async (id, transaction) => {
    const target = requireId(targetUserId, 'Collaborator');
    const entry = await models.StreamAcl.findOne({ where: { streamId: id, userId: target }, transaction });
    if (!entry) throw new NotFoundError('Collaborator not found');
    await keepAnOwner(models, entry, transaction);
    await entry.destroy({ transaction });
  });
}
