import { DataTypes } from 'sequelize';
import type { QueryInterface, Transaction } from 'sequelize';
import type { Migration } from './types.js';

/** A foreign key that disappears with its parent row, so deleting a stream or user leaves no orphans. */
function cascadingReference(table: string) {
  return { references: { model: table, key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' } as const;
}

const timestamp = { type: DataTypes.DATE, allowNull: false } as const;
const nullableTimestamp = { type: DataTypes.DATE, allowNull: true } as const;

async function up(qi: QueryInterface, transaction: Transaction): Promise<void> {
  await qi.createTable(
    'users',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
      // Stored lower-cased by the service, so a plain unique constraint is case-insensitive in effect.
      email: { type: DataTypes.STRING(320), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(255), allowNull: false },
      bio: { type: DataTypes.TEXT, allowNull: true },
      company: { type: DataTypes.STRING(255), allowNull: true },
      avatar: { type: DataTypes.TEXT, allowNull: true },
      // Null for users created without a password (CLI): they cannot sign in on the web page.
      passwordHash: { type: DataTypes.STRING(255), allowNull: true },
      serverRole: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'server:user' },
      createdAt: timestamp,
      updatedAt: timestamp,
    },
    { transaction },
  );
  await qi.createTable(
    'streams',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
      name: { type: DataTypes.STRING(255), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true },
      isPublic: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: timestamp,
      updatedAt: timestamp,
    },
    { transaction },
  );
  await qi.createTable(
    'stream_acl',
    {
      streamId: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false, ...cascadingReference('streams') },
      userId: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false, ...cascadingReference('users') },
      role: { type: DataTypes.STRING(32), allowNull: false },
    },
    { transaction },
  );
  await qi.createTable(
    'commits',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
      streamId: { type: DataTypes.STRING(36), allowNull: false, ...cascadingReference('streams') },
      // No foreign key: a commit stays part of the stream's history after its author leaves.
      authorId: { type: DataTypes.STRING(36), allowNull: false },
      message: { type: DataTypes.TEXT, allowNull: false },
      branchName: { type: DataTypes.STRING(255), allowNull: false, defaultValue: 'main' },
      objectId: { type: DataTypes.STRING(255), allowNull: true },
      createdAt: timestamp,
    },
    { transaction },
  );
  await qi.createTable(
    'api_tokens',
    {
      id: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      ownerId: { type: DataTypes.STRING(36), allowNull: false, ...cascadingReference('users') },
      name: { type: DataTypes.STRING(255), allowNull: false },
      // A JSON array as text: the same column type and queries on SQLite and PostgreSQL.
      scopes: { type: DataTypes.TEXT, allowNull: false },
      secretHash: { type: DataTypes.STRING(128), allowNull: false },
      lastChars: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: timestamp,
      expiresAt: nullableTimestamp,
      lastUsedAt: nullableTimestamp,
      revokedAt: nullableTimestamp,
    },
    { transaction },
  );
  // The hot paths: a user's tokens, a user's streams, a stream's commits newest first.
  await qi.addIndex('api_tokens', ['ownerId'], { name: 'api_tokens_owner_id', transaction });
  await qi.addIndex('stream_acl', ['userId'], { name: 'stream_acl_user_id', transaction });
  await qi.addIndex('commits', ['streamId', 'createdAt'], { name: 'commits_stream_id_created_at', transaction });
}

async function down(qi: QueryInterface, transaction: Transaction): Promise<void> {
  for (const table of ['api_tokens', 'commits', 'stream_acl', 'streams', 'users']) {
    await qi.dropTable(table, { transaction });
  }
}

/** Users, streams with their access list and commits, and personal access tokens. */
export const initialSchema: Migration = { name: '0001-initial-schema', up, down };
