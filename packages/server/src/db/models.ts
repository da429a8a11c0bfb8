import type { StoredToken } from '@patgate/middleware';
import { DataTypes } from 'sequelize';
import type { Model, ModelStatic, Optional, Sequelize } from 'sequelize';

/** A role on the whole server. */
export type ServerRole = 'server:admin' | 'server:user';
/** A role on one stream, strongest first. */
export const STREAM_ROLES = ['stream:owner', 'stream:contributor', 'stream:reviewer'] as const;
export type StreamRole = (typeof STREAM_ROLES)[number];

/** A row of `users`. */
export interface UserAttributes {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  bio: string | null;
  company: string | null;
  avatar: string | null;
  /** `scrypt$N$r$p$salt$hash`, or null for a user who cannot sign in with a password. */
  passwordHash: string | null;
  serverRole: ServerRole;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of `streams`. */
export interface StreamAttributes {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  /** Whether a public stream may be listed for people without a role (Speckle's flag); always false for a private one. */
  isDiscoverable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of `stream_acl`: one user's role on one stream. */
export interface StreamAclAttributes {
  streamId: string;
  userId: string;
  role: StreamRole;
}

/** A row of `commits`. */
export interface CommitAttributes {
  id: string;
  streamId: string;
  authorId: string;
  message: string;
  branchName: string;
  objectId: string | null;
  /** The application that sent the commit (Speckle's `sourceApplication`), if it said. */
  sourceApplication: string | null;
  /** How many objects the committed object holds (Speckle's `totalChildrenCount`), if the client counted. */
  totalChildrenCount: number | null;
  /** The ids of the commits this one follows, as JSON text (null for none); the services hand out an array. */
  parents: string | null;
  createdAt: Date;
}

/**
 * A row of `api_tokens`: the middleware's `StoredToken`, but `scopes` and `resourceIds` are JSON text and
 * `lineageId` may be null in the table (migration 0003), which the token store converts.
 */
export interface ApiTokenAttributes
  extends Omit<StoredToken, 'scopes' | 'resourceIds' | 'lineageId' | 'lastUsedIp' | 'lastUsedUserAgent' | 'rotatedAt'> {
  scopes: string;
  resourceIds: string | null;
  lineageId: string | null;
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  rotatedAt: Date | null;
}

/** A row of `token_notices`: one webhook event about a token, inserted before it is sent (the lock). */
export interface TokenNoticeAttributes {
  tokenId: string;
  /** `token.expiring` or `token.leaked`. */
  type: string;
  /** `7d` or `1d` for `token.expiring`; `leak` for `token.leaked`. */
  threshold: string;
  /** The `id` of the event's body, the same on every retry. */
  eventId: string;
  createdAt: Date;
  /** When the receiver answered 2xx; null while retrying, and for good when every attempt failed. */
  deliveredAt: Date | null;
  attempts: number;
}

/** A row of `token_events`: one thing that happened to a token (see `TokenEventLog`). */
export interface TokenEventAttributes {
  id: string;
  tokenId: string;
  ownerId: string;
  type: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  actor: string;
  url: string | null;
}

type Row<A extends object, Opt extends keyof A = never> = Model<A, Optional<A, Opt>> & A;
export type UserRow = Row<UserAttributes, 'bio' | 'company' | 'avatar' | 'passwordHash' | 'serverRole' | 'createdAt' | 'updatedAt'>;
export type StreamRow = Row<StreamAttributes, 'description' | 'isPublic' | 'isDiscoverable' | 'createdAt' | 'updatedAt'>;
export type StreamAclRow = Row<StreamAclAttributes>;
export type CommitRow = Row<
  CommitAttributes,
  'branchName' | 'objectId' | 'sourceApplication' | 'totalChildrenCount' | 'parents' | 'createdAt'
>;
export type ApiTokenRow = Row<ApiTokenAttributes, 'resourceIds' | 'lastUsedIp' | 'lastUsedUserAgent' | 'rotatedAt'>;
export type TokenNoticeRow = Row<TokenNoticeAttributes, 'deliveredAt'>;
export type TokenEventRow = Row<TokenEventAttributes, 'ip' | 'userAgent' | 'url'>;

/** The models of one database, as {@link initModels} returns them. Services take this as their first argument. */
export interface Models {
  sequelize: Sequelize;
  User: ModelStatic<UserRow>;
  Stream: ModelStatic<StreamRow>;
  StreamAcl: ModelStatic<StreamAclRow>;
  Commit: ModelStatic<CommitRow>;
  ApiToken: ModelStatic<ApiTokenRow>;
  TokenNotice: ModelStatic<TokenNoticeRow>;
  TokenEvent: ModelStatic<TokenEventRow>;
}

/**
 * Binds the models to a database. The tables come from `migrate()`, never from `sync()`; the column
 * definitions here mirror the migrations. Call once per Sequelize instance.
 *
 * @example
 * const sequelize = openDatabase();
 * await migrate(sequelize);
 * const models = initModels(sequelize);
 * const user = await models.User.findByPk(id);
 */
export function initModels(sequelize: Sequelize): Models {
  const id = { type: DataTypes.STRING(36), primaryKey: true, allowNull: false } as const;
  const User = sequelize.define<UserRow>(
    'User',
    {
      id,
      email: { type: DataTypes.STRING(320), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(255), allowNull: false },
      bio: { type: DataTypes.TEXT, allowNull: true },
      company: { type: DataTypes.STRING(255), allowNull: true },
      avatar: { type: DataTypes.TEXT, allowNull: true },
      passwordHash: { type: DataTypes.STRING(255), allowNull: true },
      serverRole: {
        type: DataTypes.STRING(32),
        allowNull: false,
        defaultValue: 'server:user',
        validate: { isIn: [['server:admin', 'server:user']] },
      },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'users', timestamps: true },
  );
  const Stream = sequelize.define<StreamRow>(
    'Stream',
    {
      id,
      name: { type: DataTypes.STRING(255), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true },
      isPublic: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      isDiscoverable: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'streams', timestamps: true },
  );
  const StreamAcl = sequelize.define<StreamAclRow>(
    'StreamAcl',
    {
      streamId: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
      userId: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
      role: { type: DataTypes.STRING(32), allowNull: false, validate: { isIn: [[...STREAM_ROLES]] } },
    },
    { tableName: 'stream_acl', timestamps: false },
  );
  const Commit = sequelize.define<CommitRow>(
    'Commit',
    {
      id,
      streamId: { type: DataTypes.STRING(36), allowNull: false },
      authorId: { type: DataTypes.STRING(36), allowNull: false },
      message: { type: DataTypes.TEXT, allowNull: false },
      branchName: { type: DataTypes.STRING(255), allowNull: false, defaultValue: 'main' },
      objectId: { type: DataTypes.STRING(255), allowNull: true },
      sourceApplication: { type: DataTypes.STRING(255), allowNull: true },
      totalChildrenCount: { type: DataTypes.INTEGER, allowNull: true },
      parents: { type: DataTypes.TEXT, allowNull: true },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'commits', timestamps: true, updatedAt: false },
  );
  const ApiToken = sequelize.define<ApiTokenRow>(
    'ApiToken',
    {
      id: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      ownerId: { type: DataTypes.STRING(36), allowNull: false },
      name: { type: DataTypes.STRING(255), allowNull: false },
      scopes: { type: DataTypes.TEXT, allowNull: false },
      secretHash: { type: DataTypes.STRING(128), allowNull: false },
      lastChars: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: true },
      lastUsedAt: { type: DataTypes.DATE, allowNull: true },
      lastUsedIp: { type: DataTypes.TEXT, allowNull: true },
      lastUsedUserAgent: { type: DataTypes.TEXT, allowNull: true },
      revokedAt: { type: DataTypes.DATE, allowNull: true },
      resourceIds: { type: DataTypes.TEXT, allowNull: true },
      lineageId: { type: DataTypes.STRING(32), allowNull: true },
      rotatedAt: { type: DataTypes.DATE, allowNull: true },
    },
    // createdAt comes from the issuer's clock, not from Sequelize, so timestamps stay off.
    { tableName: 'api_tokens', timestamps: false },
  );
  const TokenNotice = sequelize.define<TokenNoticeRow>(
    'TokenNotice',
    {
      tokenId: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      type: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      threshold: { type: DataTypes.STRING(16), primaryKey: true, allowNull: false },
      eventId: { type: DataTypes.STRING(36), allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      deliveredAt: { type: DataTypes.DATE, allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false },
    },
    { tableName: 'token_notices', timestamps: false },
  );
  const TokenEvent = sequelize.define<TokenEventRow>(
    'TokenEvent',
    {
      id,
      tokenId: { type: DataTypes.STRING(32), allowNull: false },
      ownerId: { type: DataTypes.STRING(36), allowNull: false },
      type: { type: DataTypes.STRING(32), allowNull: false },
      at: { type: DataTypes.DATE, allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      userAgent: { type: DataTypes.STRING(512), allowNull: true },
      actor: { type: DataTypes.STRING(32), allowNull: false },
      url: { type: DataTypes.TEXT, allowNull: true },
    },
    // `at` is when it happened, from the clock of whoever saw it, not when the row was written.
    { tableName: 'token_events', timestamps: false },
  );
  // Associations for joins only; the foreign keys themselves are in the migrations.
  Stream.hasMany(StreamAcl, { foreignKey: 'streamId', as: 'acl', constraints: false });
  StreamAcl.belongsTo(Stream, { foreignKey: 'streamId', as: 'stream', constraints: false });
  StreamAcl.belongsTo(User, { foreignKey: 'userId', as: 'user', constraints: false });
  return { sequelize, User, Stream, StreamAcl, Commit, ApiToken, TokenNotice, TokenEvent };
}
