import { z } from 'zod';
import {
  commitCreateInput,
  createBody as createStreamBody,
  grantBody,
  idSchema,
  patchBody as patchStreamBody,
  tokenIdSchema,
} from '../http/schemas.js';
import { actionContext } from '../http/auth.js';
import { createCommit } from '../services/commits.js';
import {
  createStream,
  deleteStream,
  grantPermission,
  leaveStream,
  revokePermission,
  updatePermission,
  updateStream,
} from '../services/streams.js';
import { revokeOwnToken } from '../services/tokens.js';
import { apiTokenCreate } from './token-create.js';
import type { GraphQLContext } from './context.js';
import { parseArg, parseId } from './inputs.js';
import type { ResolverMap } from './resolver-map.js';

// The REST bodies plus the ids REST takes from the path, so both APIs accept exactly the same input.
const streamRef = z.object({ id: idSchema });
const grantInput = grantBody.extend({ streamId: idSchema, userId: idSchema });
const revokeInput = z.object({ streamId: idSchema, userId: idSchema }).strict();
const commitInput = commitCreateInput.extend({ streamId: idSchema });

/**
 * Resolvers of `Mutation`, each over the same service as its REST route, so roles (owner, contributor,
 * the last owner) are enforced once, in the services. Return values follow Speckle: ids for creations,
 * `true` for the rest.
 *
 * @example
 * attachResolvers(schema, { ...queryResolvers, ...mutationResolvers });
 */
export const mutationResolvers: ResolverMap = {
  Mutation: {
    streamCreate: async (_root, args: { stream: unknown }, context: GraphQLContext) => {
      const input = parseArg('stream', createStreamBody, args.stream);
      return (await createStream(context.models, context.caller, input)).id;
    },
    streamUpdate: async (_root, args: { stream: { id: string } & Record<string, unknown> }, context: GraphQLContext) => {
      const { id, ...patch } = args.stream;
      // Two parses because the REST patch schema carries a refinement, which zod cannot extend.
      const streamId = parseArg('stream', streamRef, { id }).id;
      await updateStream(context.models, context.caller, streamId, parseArg('stream', patchStreamBody, patch));
      return true;
    },
    streamDelete: async (_root, args: { id: string }, context: GraphQLContext) => {
      await deleteStream(context.models, context.caller, parseId('id', args.id));
      return true;
    },
    streamGrantPermission: async (_root, args: { permissionParams: unknown }, context: GraphQLContext) => {
      const { streamId, userId, role } = parseArg('permissionParams', grantInput, args.permissionParams);
      await grantPermission(context.models, context.caller, streamId, userId, role);
      return true;
    },
    streamUpdatePermission: async (_root, args: { permissionParams: unknown }, context: GraphQLContext) => {
      const { streamId, userId, role } = parseArg('permissionParams', grantInput, args.permissionParams);
      await updatePermission(context.models, context.caller, streamId, userId, role);
      return true;
    },
    streamRevokePermission: async (_root, args: { permissionParams: unknown }, context: GraphQLContext) => {
      const { streamId, userId } = parseArg('permissionParams', revokeInput, args.permissionParams);
      await revokePermission(context.models, context.caller, streamId, userId);
      return true;
    },
    streamLeave: async (_root, args: { streamId: string }, context: GraphQLContext) => {
      await leaveStream(context.models, context.caller, parseId('streamId', args.streamId));
      return true;
    },
    commitCreate: async (_root, args: { commit: unknown }, context: GraphQLContext) => {
      const { streamId, ...input } = parseArg('commit', commitInput, args.commit);
      return (await createCommit(context.models, context.caller, streamId, input)).id;
    },
    apiTokenCreate,
    apiTokenRevoke: async (_root, args: { token: string }, context: GraphQLContext) => {
      await revokeOwnToken(context.issuer, context.user.id, parseArg('token', tokenIdSchema, args.token), actionContext(context.req, 'owner'));
      return true;
    },
  },
};
