/**
 * The GraphQL schema in SDL, in Speckle's shape so that scripts written for Speckle's `/graphql` (the
 * documentation's `{ user { id streams { totalCount } } }` first of all) run here unchanged. Return types of
 * the mutations follow Speckle too: ids for creations, booleans for the rest.
 *
 * Kept as a string in a module, not a `.graphql` file, so `tsc` ships it in `dist` without a copy step.
 *
 * @example
 * const schema = buildSchema(TYPE_DEFS);
 */
export const TYPE_DEFS = /* GraphQL */ `
"An ISO 8601 date-time string in UTC, as the REST API writes dates."
scalar DateTime

type Query {
  "The user the token acts for. Needs profile:read."
  user: User
  "Another user's public profile. Needs users:read."
  otherUser(id: String!): LimitedUser
  "A stream you have a role on, or a public one. Needs streams:read."
  stream(id: String!): Stream
  "The streams you have a role on, most recently updated first. Needs streams:read."
  streams(limit: Int, cursor: String): StreamCollection
}

type Mutation {
  "Creates a stream with you as its owner; returns its id. Needs streams:write."
  streamCreate(stream: StreamCreateInput!): String!
  "Changes a stream's name, description or visibility. Needs streams:write and stream:owner."
  streamUpdate(stream: StreamUpdateInput!): Boolean!
  "Deletes a stream with its commits. Needs streams:write and stream:owner."
  streamDelete(id: String!): Boolean!
  "Gives a user a role on a stream, or changes it. Needs streams:write and stream:owner."
  streamGrantPermission(permissionParams: StreamGrantPermissionInput!): Boolean!
  "Takes a user's role away; a stream keeps at least one owner. Needs streams:write and stream:owner."
  streamRevokePermission(permissionParams: StreamRevokePermissionInput!): Boolean!
  "Records a commit; returns its id. Needs streams:write and stream:contributor or stream:owner."
  commitCreate(commit: CommitCreateInput!): String!
  "Revokes one of your tokens by id. Needs tokens:write, which only the profile page's session holds."
  apiTokenRevoke(token: String!): Boolean!
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
  "Needs streams:read."
  streams(limit: Int, cursor: String): StreamCollection
  "Your tokens, newest first, revoked and expired ones included; never a secret. Needs tokens:read."
  apiTokens: [ApiToken!]
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
  "Needs a role on the stream."
  collaborators: [StreamCollaborator!]!
  commits(limit: Int, cursor: String): CommitCollection!
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
