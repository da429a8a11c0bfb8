import type { Transaction } from 'sequelize';
import type { Models } from '../db/models.js';

/**
 * Sets a stream's `updatedAt`, for changes that live in other tables (a commit, a collaborator granted,
 * changed or removed): the stream list is ordered by `updatedAt`, so "most recently updated first" must
 * see them. Raw SQL because `Model.update` skips an update of `updatedAt` alone and `silent` drops the
 * column. Run it in the transaction of the change, so both land or neither does.
 *
 * @example
 * await markStreamUpdated(models, stream.id, transaction);
 */
export async function markStreamUpdated(models: Models, streamId: string, transaction: Transaction, at = new Date()): Promise<void> {
  await models.sequelize.query('UPDATE streams SET "updatedAt" = :at WHERE id = :id', {
    replacements: { at, id: streamId },
    transaction,
  });
}
