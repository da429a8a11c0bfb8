import type { StoredToken, TokenStore } from '@patgate/middleware';
import type { ApiTokenAttributes, Models } from '../db/models.js';
import { nullableDate, plainDate } from '../db/plain-rows.js';

/** A row read with `raw: true`: SQLite gives its dates back as text. */
type PlainTokenRow = { [K in keyof ApiTokenAttributes]: ApiTokenAttributes[K] extends Date | null ? ApiTokenAttributes[K] | string : ApiTokenAttributes[K] };

/**
 * A row of `api_tokens` (an instance, or read with `raw: true`) as the middleware's record: dates as dates,
 * JSON columns parsed, failing closed when unreadable.
 *
 * @example
 * const tokens = (await models.ApiToken.findAll({ where })).map(toStoredToken);
 */
export function toStoredToken(row: PlainTokenRow): StoredToken {
  return {
    id: row.id,
    ownerId: row.ownerId,
    name: row.name,
    scopes: parseStringArray(row.scopes),
    secretHash: row.secretHash,
    lastChars: row.lastChars,
    createdAt: plainDate(row.createdAt),
    expiresAt: nullableDate(row.expiresAt),
    lastUsedAt: nullableDate(row.lastUsedAt),
    revokedAt: nullableDate(row.revokedAt),
    resourceIds: parseResourceIds(row.resourceIds),
  };
}

/** NULL is no limit; anything unreadable fails closed as a limit to nothing, never as "all streams". */
function parseResourceIds(text: string | null): string[] | null {
  if (text === null) return null;
  return parseStringArray(text);
}

/** A row someone edited by hand must not crash verification: anything but a string array grants nothing. */
function parseStringArray(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((scope): scope is string => typeof scope === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The reference server's {@link TokenStore}: the `api_tokens` table through Sequelize, on SQLite or
 * PostgreSQL. Revocation is one conditional UPDATE, so of two concurrent revokes exactly one wins and the
 * first `revokedAt` stays. Owners must exist in `users` (the foreign key deletes a user's tokens with them).
 *
 * @example
 * const models = initModels(openDatabase());
 * const store = new SequelizeTokenStore(models);
 * const verifier = new TokenVerifier({ store, pepper });
 */
export class SequelizeTokenStore implements TokenStore {
  private readonly tokens: Models['ApiToken'];

  constructor(models: Pick<Models, 'ApiToken'>) {
    this.tokens = models.ApiToken;
  }

  /** Rejects (a Sequelize `UniqueConstraintError`) when the id is taken. */
  async insert(token: StoredToken): Promise<void> {
    await this.tokens.create({
      id: token.id,
      ownerId: token.ownerId,
      name: token.name,
      scopes: JSON.stringify(token.scopes),
      secretHash: token.secretHash,
      lastChars: token.lastChars,
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      lastUsedAt: token.lastUsedAt,
      revokedAt: token.revokedAt,
      resourceIds: token.resourceIds ? JSON.stringify(token.resourceIds) : null,
    });
  }

  async findById(id: string): Promise<StoredToken | null> {
    if (typeof id !== 'string') return null;
    // A plain row: the verifier needs the values, not a model instance to save back.
    const row = (await this.tokens.findByPk(id, { raw: true })) as PlainTokenRow | null;
    return row ? toStoredToken(row) : null;
  }

  async listByOwner(ownerId: string): Promise<StoredToken[]> {
    if (typeof ownerId !== 'string') return [];
    // id breaks ties between tokens created in the same millisecond, so the order is stable.
    const rows = (await this.tokens.findAll({
      where: { ownerId },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      raw: true,
    })) as PlainTokenRow[];
    return rows.map(toStoredToken);
  }

  /**
   * Every token of every owner, newest first: for operators (`patgate token list --all`), not the request
   * path. Not part of `TokenStore`.
   */
  async listAll(): Promise<StoredToken[]> {
    const rows = await this.tokens.findAll({
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
    });
    return rows.map(toStoredToken);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    if (typeof id !== 'string') return false;
    const [affected] = await this.tokens.update({ revokedAt: at }, { where: { id, revokedAt: null } });
    return affected === 1;
  }

  async touch(id: string, at: Date): Promise<void> {
    if (typeof id !== 'string') return;
    // Only lastUsedAt is written, so a touch racing a revoke can never clear revokedAt.
    await this.tokens.update({ lastUsedAt: at }, { where: { id } });
  }
}
