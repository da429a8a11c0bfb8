import type { Request } from 'express';
import type { Models } from '../db/models.js';
import { getUserById } from '../services/users.js';
import type { UserRecord } from '../services/users.js';

/**
 * The signed-in user of this request's session, or null; forgets sessions whose user was deleted.
 *
 * @example
 * if (!(await sessionUser(req, models))) return res.redirect(303, '/login');
 */
export async function sessionUser(req: Request, models: Models): Promise<UserRecord | null> {
  const userId = req.session?.userId;
  if (!userId) return null;
  const user = await getUserById(models, userId);
  if (!user) delete req.session.userId;
  return user;
}
