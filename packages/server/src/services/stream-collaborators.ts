import type { Transaction } from 'sequelize';
import { STREAM_ROLES } from '../db/models.js';
import type { Models, StreamAclRow, StreamRole, UserRow } from '../db/models.js';
import { STREAM_ROLE_RANK, callerUserId, requireStreamRole, streamAccess } from './access.js';
import type { Caller } from './access.js';
import { BadInputError, ConflictError, NotFoundError } from './errors.js';
import { requireId } from './ids.js';
import { markStreamUpdated } from './stream-updated.js';
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
export async function listCollaborators(models: Models, caller: Caller, streamId: string): Promise<Collaborator[]> {
  const access = await streamAccess(models, caller, streamId);
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
 * Runs an access-list change on one stream: in a transaction that holds the stream row, so two changes to
 * the same stream run one after the other and the "last owner" check cannot be raced. (SQLite transactions
 * here start IMMEDIATE, which serialises writers the same way.) The change says whether it changed the
 * list; if so the stream's `updatedAt` moves in the same transaction, so sharing reorders the stream list
 * just as a commit does.
 */
function changeAccessList<T>(
  models: Models,
  caller: Caller,
  streamId: string,
  minimum: StreamRole,
  action: string,
  change: (streamId: string, transaction: Transaction) => Promise<{ result: T; changed: boolean }>,
): Promise<T> {
  return models.sequelize.transaction(async (transaction) => {
    const access = await streamAccess(models, caller, streamId, { transaction, lock: true });
    requireStreamRole(access, minimum, action);
    const { result, changed } = await change(access.stream.id, transaction);
    if (changed) await markStreamUpdated(models, access.stream.id, transaction);
    return result;
  });
}

/** ConflictError if taking the owner role from this entry would leave the stream without an owner. */
async function keepAnOwner(models: Models, entry: StreamAclRow, transaction: Transaction): Promise<void> {
  if (entry.role !== 'stream:owner') return;
  const owners = await models.StreamAcl.count({ where: { streamId: entry.streamId, role: 'stream:owner' }, transaction });
  if (owners <= 1) throw new ConflictError('A stream must keep at least one owner');
}

function requireKnownRole(role: StreamRole): void {
  if (!(STREAM_ROLES as readonly unknown[]).includes(role)) {
    throw new BadInputError(`role must be one of ${STREAM_ROLES.join(', ')}`);
  }
}

/** Sets an existing entry's role; false when it already had it. The last owner keeps the role (ConflictError). */
async function changeRole(models: Models, entry: StreamAclRow, role: StreamRole, transaction: Transaction): Promise<boolean> {
  if (entry.role === role) return false;
  if (role !== 'stream:owner') await keepAnOwner(models, entry, transaction);
  await entry.update({ role }, { transaction });
  return true;
}

/**
 * Gives a user a role on the stream, or changes their role ("share"). Owners only. NotFoundError for an
 * unknown target user, BadInputError for an unknown role, ConflictError when it would demote the last owner.
 * Moves the stream's `updatedAt` unless the user already had exactly this role.
 *
 * @example
 * await grantPermission(models, ownerId, streamId, colleagueId, 'stream:contributor');
 */
export async function grantPermission(
  models: Models,
  caller: Caller,
  streamId: string,
  targetUserId: string,
  role: StreamRole,
): Promise<Collaborator> {
  requireKnownRole(role);
  return changeAccessList(models, caller, streamId, 'stream:owner', 'share this stream', async (id, transaction) => {
    const target = await models.User.findByPk(requireId(targetUserId, 'User'), { transaction });
    if (!target) throw new NotFoundError('User not found');
    const entry = await models.StreamAcl.findOne({ where: { streamId: id, userId: target.id }, transaction });
    if (entry === null) await models.StreamAcl.create({ streamId: id, userId: target.id, role }, { transaction });
    const changed = entry === null || (await changeRole(models, entry, role, transaction));
    return { result: toCollaborator(target, role), changed };
  });
}

/**
 * Changes the role of someone who already has one (Speckle's `streamUpdatePermission`, which never adds a
 * collaborator). Owners only. NotFoundError when the target has no role, BadInputError for an unknown role,
 * ConflictError when it would demote the last owner. Moves `updatedAt` when the role changes.
 *
 * @example
 * await updatePermission(models, ownerId, streamId, colleagueId, 'stream:reviewer');
 */
export async function updatePermission(
  models: Models,
  caller: Caller,
  streamId: string,
  targetUserId: string,
  role: StreamRole,
): Promise<void> {
  requireKnownRole(role);
  await changeAccessList(models, caller, streamId, 'stream:owner', 'change who works on this stream', async (id, transaction) => {
    const entry = await models.StreamAcl.findOne({ where: { streamId: id, userId: requireId(targetUserId, 'Collaborator') }, transaction });
    if (!entry) throw new NotFoundError('Collaborator not found');
    return { result: undefined, changed: await changeRole(models, entry, role, transaction) };
  });
}

/** Deletes an entry unless it holds the last owner role (ConflictError). */
async function removeEntry(models: Models, entry: StreamAclRow | null, transaction: Transaction): Promise<{ result: void; changed: true }> {
  if (!entry) throw new NotFoundError('Collaborator not found');
  await keepAnOwner(models, entry, transaction);
  await entry.destroy({ transaction });
  return { result: undefined, changed: true };
}

/**
 * Takes a user's role on the stream away (an owner may remove themselves while another owner remains).
 * Owners only. NotFoundError when the target has no role, ConflictError for the last owner. Moves `updatedAt`.
 *
 * @example
 * await revokePermission(models, ownerId, streamId, formerColleagueId); // then answer 204
 */
export async function revokePermission(models: Models, caller: Caller, streamId: string, targetUserId: string): Promise<void> {
  await changeAccessList(models, caller, streamId, 'stream:owner', 'change who works on this stream', async (id, transaction) => {
    const target = requireId(targetUserId, 'Collaborator');
    return removeEntry(models, await models.StreamAcl.findOne({ where: { streamId: id, userId: target }, transaction }), transaction);
  });
}

/**
 * Gives up the caller's own role on a stream (Speckle's `streamLeave`): any role may leave, but the last
 * owner may not (ConflictError). NotFoundError when the caller cannot see the stream, ForbiddenError when
 * they see it only because it is public (there is no role to give up). Moves `updatedAt`.
 *
 * @example
 * await leaveStream(models, userId, streamId);
 */
export async function leaveStream(models: Models, caller: Caller, streamId: string): Promise<void> {
  const userId = callerUserId(caller);
  await changeAccessList(models, caller, streamId, 'stream:reviewer', 'leave this stream', async (id, transaction) =>
    removeEntry(models, await models.StreamAcl.findOne({ where: { streamId: id, userId }, transaction }), transaction),
  );
}
