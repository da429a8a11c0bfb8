export { ServiceError, NotFoundError, ForbiddenError, ConflictError, BadInputError } from './errors.js';
export { createUser, verifyPassword, getUserById, getUserByEmail, countUsers, toPublicUser } from './users.js';
export type { UserRecord, PublicUser, CreateUserInput } from './users.js';
export {
  listStreams,
  createStream,
  getStream,
  updateStream,
  deleteStream,
  listCollaborators,
  grantPermission,
  revokePermission,
} from './streams.js';
export type { StreamInfo, StreamPatch, Collaborator } from './streams.js';
export { listCommits, createCommit } from './commits.js';
export type { CommitInfo, CreateCommitInput } from './commits.js';
export { STREAM_ROLE_RANK } from './access.js';
export { hashPassword, passwordMatches, DEFAULT_SCRYPT_PARAMS } from './passwords.js';
export type { ScryptParams } from './passwords.js';
export { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.js';
export type { Page, PageInput } from './pagination.js';
