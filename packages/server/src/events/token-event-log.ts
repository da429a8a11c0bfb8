import type { TokenEvent } from '@patgate/middleware';
import type { Models, TokenEventAttributes } from '../db/models.js';
import { v7 as uuidv7 } from 'uuid';

/**
 * One thing that happened to a token, as the library's `onEvent` hook reports it (the verifier: first
 * use, refused uses; the issuer: creation, rotation, revocation, leak reports).
 */
export type RecordedTokenEvent = TokenEvent;

/**
 * The actor stored where the library names none: the token itself for what its holder did (a first use,
 * a refused use), otherwise the owner, for whom the issuer's methods act (they take the owner's id).
 */
function actorOf(event: TokenEvent): string {
  if (event.actor) return event.actor;
  return event.type === 'first_used' || event.type === 'refused_revoked' || event.type === 'refused_expired' ? 'self' : 'owner';
}

/** Options of {@link TokenEventLog}. */
export interface TokenEventLogOptions {
  /** How long an event may wait in memory before it is written, in milliseconds. Defaults to 1000. */
  flushIntervalMs?: number;
  /** Events written in one INSERT; a queue this long is written at once. Defaults to 100. */
  batchSize?: number;
  /**
   * The most events held while the database refuses writes; beyond it the oldest are dropped (and
   * reported), so an outage cannot exhaust memory. Defaults to 10_000.
   */
  maxQueued?: number;
  /** Hears of failed writes and dropped events. Defaults to `console.error`. */
  onError?: (error: unknown, context: { operation: string; events: number }) => void;
}

// Columns are bounded; a longer address or user agent is cut rather than refused (the event still counts).
const cut = (value: string | undefined, max: number): string | null => (value ? value.slice(0, max) : null);

/**
 * Writes token events off the request path: `record` only queues, and the queue is written in batches
 * (one INSERT for up to `batchSize` events) at most `flushIntervalMs` later. `flush()` writes everything
 * queued now, and `close()` stops the timer and flushes, so a clean shutdown loses nothing. A failed write
 * keeps its events queued for the next attempt. A first use is stored once per token, whichever instance
 * reports it (a unique index; the duplicate is skipped).
 *
 * @example
 * const events = new TokenEventLog(models);
 * const verifier = new TokenVerifier({ store, pepper, onEvent: (event) => events.record(event) });
 * // on shutdown, after the HTTP server has stopped:
 * await events.close();
 */
export class TokenEventLog {
  private queue: TokenEventAttributes[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly onError: NonNullable<TokenEventLogOptions['onError']>;

  constructor(
    private readonly models: Pick<Models, 'TokenEvent'>,
    options: TokenEventLogOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 100;
    this.maxQueued = options.maxQueued ?? 10_000;
    this.onError = options.onError ?? ((error, context) => console.error(`patgate: ${context.operation} failed`, error));
  }

  /** Queues one event. Never throws and never waits: it runs inside token checks. */
  record(event: RecordedTokenEvent): void {
    this.queue.push({
      // Time-ordered (UUIDv7, monotonic within the process), so events of the same instant keep the order
      // they happened in when a history is read newest first.
      id: uuidv7(),
      tokenId: event.tokenId,
      ownerId: event.ownerId,
      type: event.type,
      at: event.at,
      actor: actorOf(event),
      ip: cut(event.ip, 64),
      userAgent: cut(event.userAgent, 512),
      url: cut(event.url, 2000),
    });
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued);
      this.onError(new Error('token event queue full'), { operation: 'token event queue', events: dropped.length });
    }
    if (this.closed || this.queue.length >= this.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs).unref();
  }

  /** Writes every event queued so far; resolves once they are stored (or the write failed and was reported). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // One write at a time, in order; a flush waits for the one before it.
    this.writing = this.writing.then(() => this.writeQueued());
    return this.writing;
  }

  /** Stops the timer and writes what is queued. Later events are written at once. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        // ignoreDuplicates: a second first_used for a token hits the unique index and is skipped.
        await this.models.TokenEvent.bulkCreate(batch, { ignoreDuplicates: true });
      } catch (error) {
        this.queue.unshift(...batch);
        this.onError(error, { operation: 'writing token events', events: batch.length });
        if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs).unref();
        return;
      }
    }
  }
}
