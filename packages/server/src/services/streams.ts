import { Op } from 'sequelize';
import { z } from 'zod';
import type { Models, StreamAttributes, StreamRole, StreamRow } from '../db/models.js';
import { callerUserId, reachableStreamIds, requireStreamRole, requireUnlimitedCaller, streamAccess } from './access.js';
import type { Caller } from './access.js';
import { BadInputError, NotFoundError } from './errors.js';
import { newId } from './ids.js';
import { after, isUuid, readPage, toPage } from './pagination.js';
import type { Page, PageInput } from './pagination.js';

export { listCollaborators, grantPermission, leaveStream, revokePermission, updatePermission } from './stream-collaborators.js';
export type { Collaborator } from './stream-collaborators.js';

/** A stream as services hand it out, with the caller's role (null: they see it only because it is public). */
export interface StreamInfo extends StreamAttributes {
  role: StreamRole | null;
}

/**
 * A human-readable name (a stream's, a branch's, a token's): trimmed, 1 to 100 characters.
 *
 * @example
 * nameSchema.parse('  My stream '); // 'My stream'
 */
export const nameSchema = z.string().trim().min(1).max(100);

const streamFields = {
  name: nameSchema,
  description: z.string().max(5000).nullable(),
  isPublic: z.boolean(),
  isDiscoverable: z.boolean(),
};

/**
 * The one set of rules for a new stream. {@link createStream} checks its input against it, dropping unknown
 * keys; the REST and GraphQL bodies (`http/schemas.ts`) are its strict form, so no layer has rules of its own.
 *
 * @example
 * streamCreateInput.strict().parse({ name: 'Bridge' });
 */
export const streamCreateInput = z.object({
  ...streamFields,
  description: streamFields.description.optional(),
  isPublic: streamFields.isPublic.optional(),
  isDiscoverable: streamFields.isDiscoverable.optional(),
});

/**
 * The one set of rules for a change to a stream, as {@link streamCreateInput} is for a new one.
 *
 * @example
 * streamPatchInput.strict().parse({ isPublic: true });
 */
export const streamPatchInput = z.object(streamFields).partial();

/** Fields of a stream its owner may change; absent ones stay as they are. */
export type StreamPatch = z.input<typeof streamPatchInput>;

/**
 * Checks a service input against its schema: BadInputError naming the first wrong field, never a crash
 * or a database error, whatever a caller passes.
 *
 * @example
 * const fields = readInput(commitInput, input);
 */
export function readInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.map(String).join('.');
  throw new BadInputError(where ? `${where}: ${issue?.message}` : (issue?.message ?? 'Invalid input'));
}

function toStreamInfo(stream: StreamRow, role: StreamRole | null): StreamInfo {
  const { id, name, description, isPublic, isDiscoverable, createdAt, updatedAt } = stream;
  return { id, name, description, isPublic, isDiscoverable, createdAt, updatedAt, role };
}

/** As in Speckle, only a public stream can be discoverable: making a stream private clears the flag. */
function discoverableOnlyIfPublic<T extends { isPublic?: boolean; isDiscoverable?: boolean }>(fields: T, isPublic: boolean): T {
  return isPublic ? fields : { ...fields, isDiscoverable: false };
}

/**
 * The streams the user has a role on (and the caller's token reaches), most recently updated first, one page at a time.
 *
 * @example
 * const first = await listStreams(models, userId, { limit: 10 });
 * const second = first.cursor ? await listStreams(models, userId, { limit: 10, cursor: first.cursor }) : null;
 */
export async function listStreams(models: Models, caller: Caller, page: PageInput = {}): Promise<Page<StreamInfo>> {
  const { limit, after: position } = readPage(page, isUuid);
  const userId = callerUserId(caller);
  if (typeof userId !== 'string') return { totalCount: 0, items: [], cursor: null };
  const reachable = reachableStreamIds(caller);
  const where = reachable === null ? { userId } : { userId, streamId: { [Op.in]: [...reachable] } };
  const [totalCount, rows] = await Promise.all([
    models.StreamAcl.count({ where }),
    models.StreamAcl.findAll({
      where,
      include: [{ model: models.Stream, as: 'stream', required: true, where: after(position, 'updatedAt') }],
      order: [
        [{ model: models.Stream, as: 'stream' }, 'updatedAt', 'DESC'],
        [{ model: models.Stream, as: 'stream' }, 'id', 'DESC'],
      ],
      limit: limit + 1,
    }),
  ]);
  const withStream = rows.map((acl) => ({ stream: acl.get('stream') as StreamRow, role: acl.role }));
  return toPage(
    withStream,
    limit,
    totalCount,
    ({ stream }) => ({ at: stream.updatedAt, id: stream.id }),
    ({ stream, role }) => toStreamInfo(stream, role),
  );
}

/**
 * Creates a stream with the caller as its `stream:owner`, both rows in one transaction. A token limited to
 * some streams cannot (TokenLimitedError).
 *
 * @example
 * const stream = await createStream(models, userId, { name: 'Bridge', isPublic: false });
 * stream.role; // 'stream:owner'
 */
export async function createStream(
  models: Models,
  caller: Caller,
  input: z.input<typeof streamCreateInput>,
): Promise<StreamInfo> {
  requireUnlimitedCaller(caller, 'create streams');
  const userId = callerUserId(caller);
  const fields = readInput(streamCreateInput, input);
  const owner = typeof userId === 'string' ? await models.User.findByPk(userId) : null;
  if (!owner) throw new NotFoundError('User not found');
  return models.sequelize.transaction(async (transaction) => {
    const stream = await models.Stream.create({ id: newId(), ...discoverableOnlyIfPublic(fields, fields.isPublic ?? false) }, { transaction });
    await models.StreamAcl.create({ streamId: stream.id, userId, role: 'stream:owner' }, { transaction });
    return toStreamInfo(stream, 'stream:owner');
  });
}

/**
 * A stream the caller has a role on or that is public; NotFoundError otherwise (never 403, so that private
 * stream ids cannot be probed).
 *
 * @example
 * const stream = await getStream(models, userId, req.params.id);
 */
export async function getStream(models: Models, caller: Caller, streamId: string): Promise<StreamInfo> {
  const { stream, role } = await streamAccess(models, caller, streamId);
  return toStreamInfo(stream, role);
}

/**
 * Changes name, description, visibility or discoverability. Owners only: NotFoundError when the caller cannot see the
 * stream, ForbiddenError when they can but are not an owner.
 *
 * @example
 * await updateStream(models, userId, streamId, { isPublic: true });
 */
export async function updateStream(models: Models, caller: Caller, streamId: string, patch: StreamPatch): Promise<StreamInfo> {
  const fields = readInput(streamPatchInput, patch);
  const access = await streamAccess(models, caller, streamId);
  requireStreamRole(access, 'stream:owner', 'change this stream');
  if (Object.keys(fields).length > 0) await access.stream.update(discoverableOnlyIfPublic(fields, fields.isPublic ?? access.stream.isPublic));
  return toStreamInfo(access.stream, access.role);
}

/**
 * Deletes a stream with its access list and commits (foreign-key cascade). Owners only, errors as
 * {@link updateStream}.
 *
 * @example
 * await deleteStream(models, userId, streamId); // then answer 204
 */
export async function deleteStream(models: Models, caller: Caller, streamId: string): Promise<void> {
  const access = await streamAccess(models, caller, streamId);
  requireStreamRole(access, 'stream:owner', 'delete this stream');
  await models.Stream.destroy({ where: { id: access.stream.id } });
}
