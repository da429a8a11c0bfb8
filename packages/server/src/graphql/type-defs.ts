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
"A whole number beyond Int's 32 bits (a lifespan in milliseconds), written as a JSON number."
scalar BigInt

type Query {
  "What this server is: the first question Speckle's SDKs ask on connect."
  serverInfo: ServerInfo! @anonymous
  "The user the token acts for (Speckle's name for user)."
  activeUser: User @hasScope(scope: "profile:read")
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
  "Changes the role of someone who already has one (it never adds a collaborator); only a stream:owner may, and a stream keeps at least one owner."
  streamUpdatePermission(permissionParams: StreamUpdatePermissionInput!): Boolean @hasScope(scope: "streams:write")
  "Takes a user's role away; only a stream:owner may, and a stream keeps at least one owner."
  streamRevokePermission(permissionParams: StreamRevokePermissionInput!): Boolean! @hasScope(scope: "streams:write")
  "Gives up your own role on a stream; the last owner cannot (CONFLICT)."
  streamLeave(streamId: String!): Boolean! @hasScope(scope: "streams:write")
  "Records a commit; returns its id. Only a stream:contributor or stream:owner may."
  commitCreate(commit: CommitCreateInput!): String! @hasScope(scope: "streams:write")
  "Creates a personal access token and returns it, the one time it is shown; lifespan in milliseconds. Only the profile page's session may: a personal access token never can."
  apiTokenCreate(token: ApiTokenCreateInput!): String! @hasScope(scope: "tokens:write")
  "Revokes one of your tokens by id. tokens:write is held only by the profile page's session."
  apiTokenRevoke(token: String!): Boolean! @hasScope(scope: "tokens:write")
}

"Speckle's ServerInfo: what the server is called, its scopes and how people sign in."
type ServerInfo {
  name: String!
  company: String
  description: String
  adminContact: String
  canonicalUrl: String
  "Always dev: patgate's release numbers are not Speckle's, which the SDKs compare this with."
  version: String
  "Every scope a token may name, with what it lets a token do."
  scopes: [Scope!]!
  authStrategies: [AuthStrategy!]!
  workspaces: ServerWorkspacesInfo!
  "Null: this server has not moved."
  migration: ServerMigration
}

type Scope {
  name: String!
  description: String!
}

"A way to sign in on the web page."
type AuthStrategy {
  id: String!
  name: String!
  icon: String!
  url: String!
  color: String
}

type ServerWorkspacesInfo {
  "Always false: patgate has no workspaces."
  workspacesEnabled: Boolean!
}

type ServerMigration {
  movedFrom: String
  movedTo: String
}

type User {
  id: String!
  name: String!
  "Null unless the token has profile:email."
  email: String
  bio: String
  company: String
  avatar: String
  "Always false: patgate does not verify email addresses."
  verified: Boolean
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
  "Always false: patgate does not verify email addresses."
  verified: Boolean
  "The server role: server:admin or server:user."
  role: String
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
  "Whether a public stream may be listed for people without a role; always false for a private one."
  isDiscoverable: Boolean!
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
  "Empty when the commit was made without one."
  message: String!
  branchName: String!
  objectId: String
  authorId: String!
  "The application that sent the commit, if it said."
  sourceApplication: String
  "How many objects the committed object holds, if the client counted."
  totalChildrenCount: Int
  "The ids of the commits this one follows."
  parents: [String!]!
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
  "Milliseconds from createdAt to expiresAt (Speckle's lifespan); null only for a token that never expires."
  lifespan: BigInt
  lastUsedAt: DateTime
  "Speckle's lastUsed: lastUsedAt, or createdAt for a token never used."
  lastUsed: DateTime!
  "The address of the last recorded use (written with lastUsedAt, at most once a minute)."
  lastUsedIp: String
  "The User-Agent of the last recorded use, at most 512 characters."
  lastUsedUserAgent: String
  revokedAt: DateTime
  "The streams the token is limited to; null for all of its owner's."
  streamIds: [String!]
}

input StreamCreateInput {
  name: String!
  description: String
  isPublic: Boolean
  isDiscoverable: Boolean
}

input StreamUpdateInput {
  id: String!
  name: String
  description: String
  isPublic: Boolean
  isDiscoverable: Boolean
}

input StreamGrantPermissionInput {
  streamId: String!
  userId: String!
  "stream:owner, stream:contributor or stream:reviewer."
  role: String!
}

input StreamUpdatePermissionInput {
  streamId: String!
  userId: String!
  "stream:owner, stream:contributor or stream:reviewer."
  role: String!
}

input StreamRevokePermissionInput {
  streamId: String!
  userId: String!
}

"Speckle's CommitCreateInput: only streamId is required here."
input CommitCreateInput {
  streamId: String!
  message: String
  branchName: String
  objectId: String
  sourceApplication: String
  totalChildrenCount: Int
  parents: [String]
}

input ApiTokenCreateInput {
  name: String!
  scopes: [String!]!
  "Milliseconds; 30 days when absent, at most 365 days."
  lifespan: BigInt
}
`;
