import type { Router } from 'express';
import { requireScopes } from '../../scopes.js';
import { z } from 'zod';
import type { Models } from '../../db/models.js';
import { NotFoundError } from '../../services/errors.js';
import { getUserById, toPublicUser } from '../../services/users.js';
import { currentUser, mayReadEmail } from '../auth.js';
import { idSchema } from '../schemas.js';
import { parseRequest } from '../validate.js';

const userParams = z.object({ id: idSchema }).strict();

/**
 * `GET /user` (the token owner's profile) and `GET /users/:id` (anyone's public profile).
 *
 * @example
 * userRoutes(api, models);
 */
export function userRoutes(router: Router, models: Models): void {
  router.get('/user', requireScopes('profile:read'), (req, res) => {
    const user = currentUser(req);
    res.json({
      ...toPublicUser(user, { includeEmail: mayReadEmail(req, 'own') }),
      serverRole: user.serverRole,
    });
  });

  router.get('/users/:id', requireScopes('users:read'), async (req, res) => {
    const { id } = parseRequest(req, 'params', userParams);
    const user = await getUserById(models, id);
    if (!user) throw new NotFoundError('User not found');
    res.json(toPublicUser(user, { includeEmail: mayReadEmail(req, 'other') }));
  });
}
