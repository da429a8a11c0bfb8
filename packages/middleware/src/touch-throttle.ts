import type { ErrorReporter, TokenStore } from './types.js';

/**
 * Writes a token's last-used time at most once per interval, off the request path. The write is never
 * awaited by the request; its failure goes to the error reporter and lets the next use try again.
 *
 * @example
 * const touches = new TouchThrottle(store, 60_000, (err) => console.error(err));
 * touches.touch(tokenId, new Date()); // writes; the same call within a minute does not
 */
export class TouchThrottle {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly store: TokenStore,
    private readonly intervalMs: number,
    private readonly onError: ErrorReporter,
  ) {}

  /** Records a use at `at`; returns the write's promise when one was started (for tests), else undefined. */
  touch(tokenId: string, at: Date): Promise<void> | undefined {
    const now = at.getTime();
    const last = this.lastWrite.get(tokenId);
    if (last !== undefined && now - last < this.intervalMs) return undefined;
    this.lastWrite.set(tokenId, now);
    this.prune(now);
    return Promise.resolve()
      .then(() => this.store.touch(tokenId, at))
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
