import { mayReadEmail } from '../http/auth.js';
import { listCommits } from '../services/commits.js';
import { NotFoundError } from '../services/errors.js';
import { getStream, listCollaborators, listStreams } from '../services/streams.js';
import type { StreamInfo } from '../services/streams.js';
import { toTokenJson } from '../services/tokens.js';
import type { TokenJson } from '../services/tokens.js';
import { getUserById } from '../services/users.js';
import type { UserRecord } from '../services/users.js';
import type { GraphQLContext } from './context.js';
import { parseId, parsePage } from './inputs.js';
import type { ResolverMap } from './resolver-map.js';
import { serverInfo } from './server-info.js';

interface PageArgs {
  limit?: number | null;
  cursor?: string | null;
}

/**
 * Resolvers of `Query` and the object types. Each one calls the same service as the REST route that
 * answers the same question; scopes are checked before them, from the directives in the SDL.
 *
 * @example
 * attachResolvers(schema, { ...queryResolvers, ...mutationResolvers });
 */
export const queryResolvers: ResolverMap = {
  Query: {
    serverInfo: (_root, _args, context: GraphQLContext) => serverInfo(context.server),
    activeUser: (_root, _args, context: GraphQLContext) => context.user,
    user: (_root, _args, context: GraphQLContext) => context.user,
    otherUser: async (_root, args: { id: string }, context: GraphQLContext) => {
      const user = await getUserById(context.models, parseId('id', args.id));
      if (!user) throw new NotFoundError('User not found');
      return user;
    },
    stream: (_root, args: { id: string }, context: GraphQLContext) =>
      getStream(context.models, context.caller, parseId('id', args.id)),
    streams: (_root, args: PageArgs, context: GraphQLContext) =>
      listStreams(context.models, context.caller, parsePage(args)),
  },
  User: {
    // `User` is only ever the caller (other people are `LimitedUser`), so their own email scope decides.
    email: (user: UserRecord, _args, context: GraphQLContext) =>
      mayReadEmail(context.req, 'own') ? user.email : null,
    role: (user: UserRecord) => user.serverRole,
    // patgate sends no verification emails, so no address has been verified.
    verified: () => false,
    streams: (_user: UserRecord, args: PageArgs, context: GraphQLContext) =>
      listStreams(context.models, context.caller, parsePage(args)),
    apiTokens: async (user: UserRecord, _args, context: GraphQLContext) =>
      (await context.issuer.list(user.id)).map(toTokenJson),
  },
  LimitedUser: {
    email: (user: UserRecord, _args, context: GraphQLContext) =>
      mayReadEmail(context.req, 'other') ? user.email : null,
    verified: () => false,
    role: (user: UserRecord) => user.serverRole,
  },
  ApiToken: {
    lifespan: (token: TokenJson) => (token.expiresAt === null ? null : token.expiresAt.getTime() - token.createdAt.getTime()),
    lastUsed: (token: TokenJson) => token.lastUsedAt ?? token.createdAt,
  },
  Stream: {
    collaborators: (stream: StreamInfo, _args, context: GraphQLContext) =>
      listCollaborators(context.models, context.caller, stream.id),
    commits: (stream: StreamInfo, args: PageArgs, context: GraphQLContext) =>
      listCommits(context.models, context.caller, stream.id, parsePage(args)),
  },
};
