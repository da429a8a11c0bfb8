/**
 * The GraphQL schema in SDL, in Speckle's shape so that scripts written for Speckle's `/graphql` (the
 * documentation's `{ user { id streams { totalCount } } }` first of all) run here unchanged. Return types of
 * the mutations follow Speckle too: ids for creations, booleans for the rest.
 *
 * Every `Query` and `Mutation` field declares who may resolve it, `@hasScope(scope: "…")` or `@public`
 * (directives from `field-scopes.ts`); the schema refuses to build without one. Descriptions do not name
 * the scope: "Needs <scope>." is appended from the directive.
 *
 * Kept as a string in a module, not a `.graphql` file, so `tsc` ships it in `dist` without a copy step.
 *
 * @example
 * const schema = buildSchema(SCOPE_DIRECTIVES + TYPE_DEFS);
 */
export const TYPE_DEFS = /* GraphQL */ `
"An ISO 8601 date-time string in UTC, as the REST API writes dates."
scalar DateTime

type Query {
  "The user the token acts for."
  user: User @hasScope(scope: "profile:read")
  "Another user's public profile."
  otherUser(id: String!): LimitedUser @hasScope(scope: "users:read")
  "A stream you have a role on, or a public one."
  stream(id: String!): Stream @hasScope(scope: "streams:read")
  "The streams you have a role on, most recently updated first."
  streams(limit: Int, cursor: String): StreamCollection @hasScope(scope: "streams:read")
}

type Mutation {
  "Creates a stream with you as its owner; returns its id."
  streamCreate(stream: StreamCreateInput!): String! @hasScope(scope: "streams:write")
  "Changes a stream's name, description or visibility; only a stream:owner may."
  streamUpdate(stream: StreamUpdateInput!): Boolean! @hasScope(scope: "streams:write")
  "Deletes a stream with its commits; only a stream:owner may."
  streamDelete(id: String!): Boolean! @hasScope(scope: "streams:write")
  "Gives a user a role on a stream, or changes it; only a stream:owner may."
  streamGrantPermission(permissionParams: StreamGrantPermissionInput!): Boolean! @hasScope(scope: "streams:write")
  "Takes a user's role away; only a stream:owner may, and a stream keeps at least one owner."
  streamRevokePermission(permissionParams: StreamRevokePermissionInput!): Boolean! @hasScope(scope: "streams:write")
  "Records a commit; returns its id. Only a stream:contributor or stream:owner may."
  commitCreate(commit: CommitCreateInput!): String! @hasScope(scope: "streams:write")
  "Revokes one of your tokens by id. tokens:write is held only by the profile page's session."
  apiTokenRevoke(token: String!): Boolean! @hasScope(scope: "tokens:write")
}

type User {
  id: String!
  name: String!
  "Null unless the token has profile:email."
  email: String
  bio: String
  company: String
  avatar: String
  "The server role: server:admin or server:user."
  role: String!
  streams(limit: Int, cursor: String): StreamCollection @hasScope(scope: "streams:read")
  "Your tokens, newest first, revoked and expired ones included; never a secret."
  apiTokens: [ApiToken!] @hasScope(scope: "tokens:read")
}

type LimitedUser {
  id: String!
  name: String!
  "Null unless the token has users:email and its owner is a server:admin."
  email: String
  bio: String
  company: String
  avatar: String
}

type StreamCollection {
  totalCount: Int!
  "Pass it back as cursor for the next page; null on the last page."
  cursor: String
  items: [Stream!]!
}

type Stream {
  id: String!
  name: String!
  description: String
  isPublic: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  "Your role on the stream; null when you see it only because it is public."
  role: String
  "Everyone with a role on the stream; only for a stream you have a role on."
  # Implied by the fields that lead here today; declared so a future path to a stream cannot skip it.
  collaborators: [StreamCollaborator!]! @hasScope(scope: "streams:read")
  commits(limit: Int, cursor: String): CommitCollection! @hasScope(scope: "streams:read")
}

type StreamCollaborator {
  id: String!
  name: String!
  bio: String
  company: String
  avatar: String
  role: String!
}

type CommitCollection {
  totalCount: Int!
  cursor: String
  items: [Commit!]!
}

type Commit {
  id: String!
  streamId: String!
  message: String!
  branchName: String!
  objectId: String
  authorId: String!
  createdAt: DateTime!
}

type ApiToken {
  id: String!
  name: String!
  scopes: [String!]!
  "The last characters of the token, to recognise it by."
  lastChars: String!
  createdAt: DateTime!
  expiresAt: DateTime
  lastUsedAt: DateTime
  revokedAt: DateTime
}

input StreamCreateInput {
  name: String!
  description: String
  isPublic: Boolean
}

input StreamUpdateInput {
  id: String!
  name: String
  description: String
  isPublic: Boolean
}

input StreamGrantPermissionInput {
  streamId: String!
  userId: String!
  "stream:owner, stream:contributor or stream:reviewer."
  role: String!
}

input StreamRevokePermissionInput {
  streamId: String!
  userId: String!
}

input CommitCreateInput {
  streamId: String!
  message: String!
  branchName: String
  objectId: String
}
`;
