import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError } from 'sequelize';
import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { toStoredToken } from '../store/sequelize-token-store.js';
import type { WebhookSender } from './sender.js';

const DAY = 86_400_000;
/** Events one check sends at the same time. */
const SEND_CONCURRENCY = 8;

/** A token this close to its expiry is "expiring": the first webhook warning, and the profile page's mark. */
export const EXPIRY_WARNING_MS = 7 * DAY;

/** The warnings before expiry, latest first: 1 day, then 7 days. */
export const EXPIRY_THRESHOLDS = [
  { name: '1d', ms: DAY },
  { name: '7d', ms: EXPIRY_WARNING_MS },
] as const;

/**
 * Whether a live token expires within {@link EXPIRY_WARNING_MS} of `now` (not yet expired).
 *
 * @example
 * if (isExpiringSoon(token, now)) mark(token);
 */
export function isExpiringSoon(token: { expiresAt: Date | null }, now: Date): boolean {
  if (token.expiresAt === null) return false;
  const left = token.expiresAt.getTime() - now.getTime();
  return left > 0 && left <= EXPIRY_WARNING_MS;
}

/** The event types the server sends. */
export type TokenEventType = 'token.expiring' | 'token.leaked';

/** What an event says about a token: never a secret, hash or last characters. */
export interface WebhookToken {
  id: string;
  name: string;
  ownerId: string;
  scopes: readonly string[];
  expiresAt: Date | null;
}

/** The JSON body of every webhook. */
export interface TokenWebhookEvent {
  id: string;
  type: TokenEventType;
  createdAt: string;
  data: { token: { id: string; name: string; ownerId: string; scopes: string[]; expiresAt: string | null } };
}

/** What {@link TokenNotices} needs. */
export interface TokenNoticesOptions {
  models: Models;
  sender: WebhookSender;
  logger: Logger;
  /** The clock deciding which tokens expire soon. Defaults to `() => new Date()`. */
  now?: () => Date;
}

/**
 * Sends webhook events about tokens, each once across every instance sharing the database: a row keyed
 * (tokenId, type, threshold) is inserted in `token_notices` before sending, and only the instance whose
 * insert succeeded sends. Delivery is at most once: an instance that dies mid-retry leaves the event
 * unsent rather than risking a second copy (the row keeps `attempts` and a null `deliveredAt`).
 *
 * @example
 * const notices = new TokenNotices({ models, sender, logger });
 * await notices.checkExpiring();          // token.expiring at 7 days and 1 day
 * await notices.tokenLeaked(tokenInfo);   // token.leaked, for the leak-report flow
 */
export class TokenNotices {
  private readonly models: Models;
  private readonly sender: WebhookSender;
  private readonly logger: Logger;
  private readonly now: () => Date;

  constructor(options: TokenNoticesOptions) {
    this.models = options.models;
    this.sender = options.sender;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Sends `token.expiring` for every live token within 7 days (threshold `7d`) or 1 day (`1d`) of its
   * expiry. A token first seen within 1 day gets only the `1d` event. Resolves with how many events this
   * call claimed, once each has been delivered or given up on; never rejects for a receiver's fault.
   */
  async checkExpiring(): Promise<number> {
    const now = this.now();
    const rows = await this.models.ApiToken.findAll({
      where: { revokedAt: null, expiresAt: { [Op.gt]: now, [Op.lte]: new Date(now.getTime() + 7 * DAY) } },
    });
    const due = rows.map((row) => {
      const left = row.expiresAt!.getTime() - now.getTime();
      return { token: toStoredToken(row), threshold: EXPIRY_THRESHOLDS.find((t) => left <= t.ms)!.name };
    });
    // Skip what was sent already (the insert would refuse it anyway; this spares the database the failed inserts).
    const known = await this.models.TokenNotice.findAll({
      where: { type: 'token.expiring', tokenId: { [Op.in]: due.map((d) => d.token.id) } },
      attributes: ['tokenId', 'threshold'],
    });
    const done = new Set(known.map((n) => `${n.tokenId} ${n.threshold}`));
    const queue = due.filter((d) => !done.has(`${d.token.id} ${d.threshold}`));
    let sent = 0;
    // A few at a time, so a long list does not open hundreds of connections to the receiver at once.
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (await this.sendOnce(next.token, 'token.expiring', next.threshold)) sent += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, worker));
    return sent;
  }

  /**
   * Sends `token.leaked` for a token a leak report revoked, once per token. The leak-report flow calls
   * it; resolves `true` if this call sent (or tried to send) the event.
   */
  tokenLeaked(token: WebhookToken): Promise<boolean> {
    return this.sendOnce(token, 'token.leaked', 'leak');
  }

  private async sendOnce(token: WebhookToken, type: TokenEventType, threshold: string): Promise<boolean> {
    const createdAt = this.now();
    const eventId = randomUUID();
    try {
      await this.models.TokenNotice.create({ tokenId: token.id, type, threshold, eventId, createdAt, attempts: 0 });
    } catch (error) {
      // Another instance (or an earlier check) claimed this event: it sends, this one does not.
      if (error instanceof UniqueConstraintError) return false;
      throw error;
    }
    const event: TokenWebhookEvent = {
      id: eventId,
      type,
      createdAt: createdAt.toISOString(),
      data: {
        token: { id: token.id, name: token.name, ownerId: token.ownerId, scopes: [...token.scopes], expiresAt: token.expiresAt?.toISOString() ?? null },
      },
    };
    const result = await this.sender.send(JSON.stringify(event));
    const where = { tokenId: token.id, type, threshold };
    await this.models.TokenNotice.update({ attempts: result.attempts, deliveredAt: result.delivered ? new Date() : null }, { where });
    const log = { event: eventId, type, threshold, tokenId: token.id, attempts: result.attempts };
    if (result.delivered) this.logger.info(log, 'webhook delivered');
    else this.logger.warn({ ...log, error: result.error }, 'webhook not delivered; giving up');
    return true;
  }
}
