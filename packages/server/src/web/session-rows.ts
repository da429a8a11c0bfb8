import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize';

/**
 * Signs a user out everywhere: deletes every stored session of theirs, whichever instance or browser made
 * it (used when their password is reset, so whoever knew the old one is out too). Resolves how many were
 * ended. Session rows hold no user column, so it reads each row's data (JSON, a few hundred bytes each).
 *
 * @example
 * const ended = await endSessionsOf(sequelize, user.id);
 */
export async function endSessionsOf(sequelize: Sequelize, userId: string): Promise<number> {
  const rows = (await sequelize.query('SELECT sid, data FROM "Sessions"', { type: QueryTypes.SELECT })) as { sid: string; data: string | null }[];
  const theirs = rows.filter((row) => {
    try {
      return (JSON.parse(row.data ?? '{}') as { userId?: unknown }).userId === userId;
    } catch {
      return false;
    }
  });
  if (theirs.length === 0) return 0;
  await sequelize.query('DELETE FROM "Sessions" WHERE sid IN (:sids)', { replacements: { sids: theirs.map((row) => row.sid) } });
  return theirs.length;
}
