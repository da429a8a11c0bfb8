import type { Logger } from 'pino';
import type { SequelizeTokenStore } from '../store/sequelize-token-store.js';

const DAY_MS = 86_400_000;

/** Revoked and expired tokens are deleted this many days after they stopped working, unless configured: 90. */
export const DEFAULT_TOKEN_RETENTION_DAYS = 90;

/** How often a running server prunes: hourly. */
export const TOKEN_PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Deletes the tokens that were revoked or expired more than `retentionDays` days before `now` and
 * resolves how many went. Live tokens are never deleted, however old; token events (their own table)
 * are kept. `0` keeps every token forever.
 *
 * @example
 * await pruneRetiredTokens(store, new Date(), 90);
 */
export async function pruneRetiredTokens(store: Pick<SequelizeTokenStore, 'pruneRetired'>, now: Date, retentionDays: number): Promise<number> {
  if (retentionDays === 0) return 0;
  return store.pruneRetired(new Date(now.getTime() - retentionDays * DAY_MS));
}

/**
 * Prunes once now and then every {@link TOKEN_PRUNE_INTERVAL_MS}, logging what it removed; failures are
 * logged and retried at the next interval. The timer never keeps the process alive. Call the returned
 * function on shutdown.
 *
 * @example
 * const stop = scheduleTokenPruning(store, 90, logger);
 * // on shutdown:
 * stop();
 */
export function scheduleTokenPruning(
  store: Pick<SequelizeTokenStore, 'pruneRetired'>,
  retentionDays: number,
  logger: Logger,
  now: () => Date = () => new Date(),
): () => void {
  if (retentionDays === 0) return () => {};
  const run = () => {
    void pruneRetiredTokens(store, now(), retentionDays).then(
      (count) => {
        if (count > 0) logger.info({ count, retentionDays }, 'pruned revoked and expired tokens');
      },
      (err: unknown) => logger.warn({ err }, 'pruning revoked and expired tokens failed; retrying in an hour'),
    );
  };
  run();
  const timer = setInterval(run, TOKEN_PRUNE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
