import type { ErrorReporter, TokenStore, VerifyContext } from './types.js';

/** The longest user agent and address written to the store: a header is the client's to fill. */
export const USER_AGENT_MAX = 512;
const IP_MAX = 100;

function bounded(value: string | undefined, max: number): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

/**
 * Writes a token's last-used time, address and user agent at most once per interval, off the request path.
 * The write is never awaited by the request; its failure goes to the error reporter and lets the next use
 * try again.
 *
 * @example
 * const touches = new TouchThrottle(store, 60_000, (err) => console.error(err));
 * touches.touch(tokenId, new Date(), { ip: req.ip, userAgent: req.get('user-agent') }); // writes; the same call within a minute does not
 */
export class TouchThrottle {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly store: TokenStore,
    private readonly intervalMs: number,
    private readonly onError: ErrorReporter,
  ) {}

  /**
   * Records a use at `at` (a `Date` or epoch milliseconds); returns the write's promise when one was
   * started (for tests), else undefined.
   */
  touch(tokenId: string, at: Date | number, use: VerifyContext = {}): Promise<void> | undefined {
    const now = typeof at === 'number' ? at : at.getTime();
    const last = this.lastWrite.get(tokenId);
    if (last !== undefined && now - last < this.intervalMs) return undefined;
    this.lastWrite.set(tokenId, now);
    this.prune(now);
    // Read now, while the request is live (the context may read `req.ip` lazily), and only when writing.
    const seen = { ip: bounded(use.ip, IP_MAX), userAgent: bounded(use.userAgent, USER_AGENT_MAX) };
    return Promise.resolve()
      .then(() => this.store.touch(tokenId, new Date(now), seen))
      .catch((error: unknown) => {
        // Forget the write so the next request retries it instead of waiting a whole interval.
        if (this.lastWrite.get(tokenId) === now) this.lastWrite.delete(tokenId);
        this.onError(error, { operation: 'touch', tokenId });
      });
  }

  forget(tokenId: string): void {
    this.lastWrite.delete(tokenId);
  }

  /** Keeps memory bounded by the number of tokens used within one interval. */
  private prune(now: number): void {
    if (this.lastWrite.size < 10_000) return;
    for (const [id, at] of this.lastWrite) {
      if (now - at >= this.intervalMs) this.lastWrite.delete(id);
    }
  }
}
