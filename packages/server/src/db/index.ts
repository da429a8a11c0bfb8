export { openDatabase, SQLITE_BUSY_TIMEOUT_MS } from './connection.js';
export type { DatabaseOptions } from './connection.js';
export { migrate, pendingMigrations, rollback } from './migrate.js';
export { initModels, STREAM_ROLES } from './models.js';
export type {
  Models,
  ServerRole,
  StreamRole,
  UserAttributes,
  StreamAttributes,
  StreamAclAttributes,
  CommitAttributes,
  ApiTokenAttributes,
  UserRow,
  StreamRow,
  StreamAclRow,
  CommitRow,
  ApiTokenRow,
} from './models.js';
