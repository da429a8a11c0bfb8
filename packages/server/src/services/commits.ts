import { z } from 'zod';
import type { CommitAttributes, CommitRow, Models } from '../db/models.js';
import { requireStreamRole, streamAccess } from './access.js';
import { newId } from './ids.js';
import { after, isUuid, readPage, toPage } from './pagination.js';
import type { Page, PageInput } from './pagination.js';
import { nameSchema, readInput } from './streams.js';

/** A commit as services hand it out: the row's columns, as plain data. */
export type CommitInfo = CommitAttributes;

/**
 * The one set of rules for a new commit. {@link createCommit} checks its input against it, dropping unknown
 * keys; the REST and GraphQL bodies (`http/schemas.ts`) are its strict form.
 *
 * @example
 * commitInput.strict().parse({ message: 'Add deck' });
 */
export const commitInput = z.object({
  message: z.string().trim().min(1).max(10_000),
  branchName: nameSchema.optional(),
  objectId: z.string().min(1).max(255).nullable().optional(),
});

/** Input of {@link createCommit}; `branchName` defaults to `'main'`. */
export type CreateCommitInput = z.input<typeof commitInput>;

function toCommitInfo(commit: CommitRow): CommitInfo {
  const { id, streamId, authorId, message, branchName, objectId, createdAt } = commit;
  return { id, streamId, authorId, message, branchName, objectId, createdAt };
}

/**
 * A stream's commits, newest first, one page at a time. Needs a role or a public stream, else NotFoundError.
 *
 * @example
 * const { totalCount, items, cursor } = await listCommits(models, userId, streamId, { limit: 50 });
 */
export async function listCommits(models: Models, userId: string, streamId: string, page: PageInput = {}): Promise<Page<CommitInfo>> {
  const { limit, after: position } = readPage(page, isUuid);
  const { stream } = await streamAccess(models, userId, streamId);
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
export async function createCommit(models: Models, userId: string, streamId: string, input: CreateCommitInput): Promise<CommitInfo> {
  const { message, branchName = 'main', objectId = null } = readInput(commitInput, input);
  return models.sequelize.transaction(async (transaction) => {
    const access = await streamAccess(models, userId, streamId, { transaction });
    requireStreamRole(access, 'stream:contributor', 'create commits');
    const createdAt = new Date();
    const commit = await models.Commit.create(
      { id: newId(), streamId: access.stream.id, authorId: userId, message, branchName, objectId, createdAt },
      { transaction },
    );
    // The stream list is ordered by updatedAt, so a new commit brings its stream to the top.
    // Raw SQL: Model.update skips an update of updatedAt alone, and `silent` drops the column. The same
    // instant as the commit keeps "stream updated" and "latest commit" consistent.
    await models.sequelize.query('UPDATE streams SET "updatedAt" = :at WHERE id = :id', {
      replacements: { at: createdAt, id: access.stream.id },
      transaction,
    });
    return toCommitInfo(commit);
  });
}
