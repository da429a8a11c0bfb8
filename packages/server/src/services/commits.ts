import { z } from 'zod';
import type { CommitAttributes, CommitRow, Models } from '../db/models.js';
import { callerUserId, requireStreamRole, streamAccess } from './access.js';
import type { Caller } from './access.js';
import { newId } from './ids.js';
import { after, isUuid, readPage, toPage } from './pagination.js';
import type { Page, PageInput } from './pagination.js';
import { markStreamUpdated } from './stream-updated.js';
import { nameSchema, readInput } from './streams.js';

/** A commit as services hand it out: the row's columns as plain data, `parents` as an array. */
export interface CommitInfo extends Omit<CommitAttributes, 'parents'> {
  parents: string[];
}

/**
 * A commit message: trimmed, at most 10,000 characters, and may be empty, as Speckle's optional
 * `message` is. The REST body asks for a non-empty one (`http/schemas.ts`).
 *
 * @example
 * commitMessage.parse('  Add deck '); // 'Add deck'
 */
export const commitMessage = z.string().trim().max(10_000);

/** A short identifier a client sends (an object hash, an application name, a parent commit id). */
const clientRef = z.string().min(1).max(255);

/**
 * The one set of rules for a new commit. {@link createCommit} checks its input against it, dropping unknown
 * keys; the REST and GraphQL bodies (`http/schemas.ts`) are its strict form. Besides patgate's own fields it
 * takes Speckle's `sourceApplication`, `totalChildrenCount` and `parents`, all optional.
 *
 * @example
 * commitInput.strict().parse({ message: 'Add deck', sourceApplication: 'Rhino', parents: [] });
 */
export const commitInput = z.object({
  message: commitMessage.nullable().optional(),
  branchName: nameSchema.optional(),
  objectId: clientRef.nullable().optional(),
  sourceApplication: clientRef.nullable().optional(),
  totalChildrenCount: z.number().int().min(0).max(2_147_483_647).nullable().optional(),
  parents: z.array(clientRef).max(100).nullable().optional(),
});

/** Input of {@link createCommit}; `message` defaults to `''` and `branchName` to `'main'`. */
export type CreateCommitInput = z.input<typeof commitInput>;

function toCommitInfo(commit: CommitRow): CommitInfo {
  const { id, streamId, authorId, message, branchName, objectId, sourceApplication, totalChildrenCount, parents, createdAt } = commit;
  const parentIds = parents === null ? [] : (JSON.parse(parents) as string[]);
  return { id, streamId, authorId, message, branchName, objectId, sourceApplication, totalChildrenCount, parents: parentIds, createdAt };
}

/**
 * A stream's commits, newest first, one page at a time. Needs a role or a public stream, else NotFoundError.
 *
 * @example
 * const { totalCount, items, cursor } = await listCommits(models, userId, streamId, { limit: 50 });
 */
export async function listCommits(models: Models, caller: Caller, streamId: string, page: PageInput = {}): Promise<Page<CommitInfo>> {
  const { limit, after: position } = readPage(page, isUuid);
  const { stream } = await streamAccess(models, caller, streamId);
  const [totalCount, rows] = await Promise.all([
    models.Commit.count({ where: { streamId: stream.id } }),
    models.Commit.findAll({
      where: { streamId: stream.id, ...after(position, 'createdAt') },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: limit + 1,
    }),
  ]);
  return toPage(rows, limit, totalCount, (c) => ({ at: c.createdAt, id: c.id }), toCommitInfo);
}

/**
 * Records a commit by the caller and marks the stream updated, in one transaction. Contributors and
 * owners only: ForbiddenError for a reviewer or a public-only viewer, NotFoundError without visibility.
 *
 * @example
 * const commit = await createCommit(models, userId, streamId, { message: 'Add deck', objectId: 'f00d…' });
 */
export async function createCommit(models: Models, caller: Caller, streamId: string, input: CreateCommitInput): Promise<CommitInfo> {
  const fields = readInput(commitInput, input);
  const { branchName = 'main', objectId = null, sourceApplication = null, totalChildrenCount = null, parents = null } = fields;
  return models.sequelize.transaction(async (transaction) => {
    const access = await streamAccess(models, caller, streamId, { transaction });
    requireStreamRole(access, 'stream:contributor', 'create commits');
    const createdAt = new Date();
    const commit = await models.Commit.create(
      {
        id: newId(),
        streamId: access.stream.id,
        authorId: callerUserId(caller),
        message: fields.message ?? '',
        branchName,
        objectId,
        sourceApplication,
        totalChildrenCount,
        parents: parents === null ? null : JSON.stringify(parents),
        createdAt,
      },
      { transaction },
    );
    // A new commit brings its stream to the top of the list; the same instant as the commit keeps
    // "stream updated" and "latest commit" consistent.
    await markStreamUpdated(models, access.stream.id, transaction, createdAt);
    return toCommitInfo(commit);
  });
}
