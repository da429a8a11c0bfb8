import type { Logger } from 'pino';
import type { TokenNotices } from './token-notices.js';

/** `PATGATE_EXPIRY_CHECK_INTERVAL_MS` when unset: once an hour. */
export const DEFAULT_EXPIRY_CHECK_INTERVAL_MS = 3_600_000;

/**
 * Runs `notices.checkExpiring()` at start-up and then every `intervalMs`. A check still running when the
 * next is due is not doubled; a failing check (the database away) is logged and the next one tries again.
 * The timer does not keep the process alive.
 *
 * @example
 * const watcher = new ExpiryWatcher(notices, logger, 3_600_000);
 * watcher.start();
 * await watcher.stop();
 */
export class ExpiryWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly notices: TokenNotices,
    private readonly logger: Logger,
    private readonly intervalMs: number = DEFAULT_EXPIRY_CHECK_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs one check now (or joins the one running); resolves when it is done. */
  check(): Promise<void> {
    this.running ??= this.notices
      .checkExpiring()
      .then(
        () => undefined,
        (error: unknown) => this.logger.error({ err: error }, 'token expiry check failed; retrying at the next interval'),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /**
   * Stops the timer and waits up to `graceMs` for a running check (one retrying a receiver that is down may
   * take far longer; shutdown does not wait for it). Defaults to 2000.
   */
  async stop(graceMs = 2000): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    let timeout: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timeout = setTimeout(resolve, graceMs)));
    await Promise.race([this.running, grace]);
    clearTimeout(timeout);
  }
}
