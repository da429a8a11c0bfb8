import type { StoredToken, TokenStore, VerifyContext } from '@patgate/middleware';
import { Op } from 'sequelize';
import type { Transaction } from 'sequelize';
import type { ApiTokenAttributes, Models } from '../db/models.js';
import { nullableDate, plainDate } from '../db/plain-rows.js';

/** A row read with `raw: true`: SQLite gives its dates back as text. */
type PlainTokenRow = { [K in keyof ApiTokenAttributes]: ApiTokenAttributes[K] extends Date | null ? ApiTokenAttributes[K] | string : ApiTokenAttributes[K] };

/**
 * One limited insert at a time per SQLite database in this process. SQLite serialises write
 * transactions anyway (they start IMMEDIATE), but Sequelize opens a connection per transaction, and a
 * crowd of them waiting on the file lock stalls; queued here they run one after another, while the
 * transaction still guards against other processes (the CLI, a second server).
 */
const sqliteTurns = new WeakMap<object, Promise<unknown>>();

function inTurn<T>(key: object, work: () => Promise<T>): Promise<T> {
  const previous = sqliteTurns.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  sqliteTurns.set(key, run.catch(() => undefined));
  return run;
}

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
    lastUsedIp: row.lastUsedIp ?? null,
    lastUsedUserAgent: row.lastUsedUserAgent ?? null,
    revokedAt: nullableDate(row.revokedAt),
    resourceIds: parseResourceIds(row.resourceIds),
    lineageId: row.lineageId ?? row.id,
    rotatedAt: nullableDate(row.rotatedAt ?? null),
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
 * `insertWithinLimit` counts and inserts in one transaction, serialised per owner (a row lock on the
 * owner's `users` row on PostgreSQL; SQLite's write transactions are serial already), so the live-token
 * limit is exact under any concurrency, across instances too.
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
  async insert(token: StoredToken, transaction?: Transaction): Promise<void> {
    await this.tokens.create(
      {
        id: token.id,
        ownerId: token.ownerId,
        name: token.name,
        scopes: JSON.stringify(token.scopes),
        secretHash: token.secretHash,
        lastChars: token.lastChars,
        createdAt: token.createdAt,
        expiresAt: token.expiresAt,
        lastUsedAt: token.lastUsedAt,
        lastUsedIp: token.lastUsedIp ?? null,
        lastUsedUserAgent: token.lastUsedUserAgent ?? null,
        revokedAt: token.revokedAt,
        rotatedAt: token.rotatedAt ?? null,
        lineageId: token.lineageId ?? token.id,
        resourceIds: token.resourceIds ? JSON.stringify(token.resourceIds) : null,
      },
      { transaction },
    );
  }

  async insertWithinLimit(token: StoredToken, { maxLive, now }: { maxLive: number; now: Date }): Promise<boolean> {
    const sequelize = this.tokens.sequelize!;
    const postgres = sequelize.getDialect() === 'postgres';
    const countThenInsert = () =>
      sequelize.transaction(async (transaction) => {
        // PostgreSQL: every insert for this owner waits here until the one before it has committed.
        if (postgres) await sequelize.query('SELECT id FROM users WHERE id = ? FOR UPDATE', { replacements: [token.ownerId], transaction });
        const live = await this.tokens.count({
          where: { ownerId: token.ownerId, revokedAt: null, [Op.or]: [{ expiresAt: null }, { expiresAt: { [Op.gt]: now } }] },
          transaction,
        });
        if (live >= maxLive) return false;
        await this.insert(token, transaction);
        return true;
      });
    return postgres ? countThenInsert() : inTurn(sequelize, countThenInsert);
  }

  /**
   * Deletes the tokens that were revoked, or expired, before `before`; resolves how many. Live tokens are
   * never touched, however old. Token events live in their own table and are kept.
   *
   * @example
   * await store.pruneRetired(new Date(Date.now() - 90 * 86_400_000));
   */
  async pruneRetired(before: Date): Promise<number> {
    return this.tokens.destroy({ where: { [Op.or]: [{ revokedAt: { [Op.lt]: before } }, { expiresAt: { [Op.lt]: before } }] } });
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

  /** One conditional UPDATE, like `revoke`: of concurrent rotations exactly one marks the token. */
  async retire(id: string, at: Date, expiresAt: Date | null): Promise<boolean> {
    if (typeof id !== 'string') return false;
    const [affected] = await this.tokens.update({ rotatedAt: at, expiresAt }, { where: { id, revokedAt: null, rotatedAt: null } });
    return affected === 1;
  }

  async touch(id: string, at: Date, use: VerifyContext = {}): Promise<void> {
    if (typeof id !== 'string') return;
    // Only the last-use columns are written, so a touch racing a revoke can never clear revokedAt.
    await this.tokens.update({ lastUsedAt: at, lastUsedIp: use.ip ?? null, lastUsedUserAgent: use.userAgent ?? null }, { where: { id } });
  }
}
