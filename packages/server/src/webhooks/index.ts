import type { TokenStore } from '@patgate/middleware';
import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { DEFAULT_EXPIRY_CHECK_INTERVAL_MS, ExpiryWatcher } from './expiry-watcher.js';
import { WebhookSender } from './sender.js';
import type { WebhookSenderOptions } from './sender.js';
import { TokenNotices } from './token-notices.js';

export { DEFAULT_EXPIRY_CHECK_INTERVAL_MS, ExpiryWatcher } from './expiry-watcher.js';
export { WebhookSender } from './sender.js';
export type { DeliveryResult, WebhookSenderOptions } from './sender.js';
export { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from './signature.js';
export { EXPIRY_THRESHOLDS, EXPIRY_WARNING_MS, isExpiringSoon, TokenNotices } from './token-notices.js';
export type { TokenEventType, TokenWebhookEvent, WebhookToken } from './token-notices.js';

/**
 * The server's token webhooks (`PATGATE_WEBHOOK_URL`, `PATGATE_WEBHOOK_SECRET`): the sender's options plus
 * how often expiring tokens are looked for.
 */
export interface TokenWebhookOptions extends Omit<WebhookSenderOptions, 'now'> {
  /** `PATGATE_EXPIRY_CHECK_INTERVAL_MS`. Defaults to `DEFAULT_EXPIRY_CHECK_INTERVAL_MS` (one hour). */
  checkIntervalMs?: number;
}

/** What {@link createTokenWebhooks} builds: `notices` for other features (`tokenLeaked`), `watcher` for the server to start. */
export interface TokenWebhooks {
  notices: TokenNotices;
  watcher: ExpiryWatcher;
  /** Sends `token.leaked` for the token with this id (read from `store`); never rejects, failures are logged. */
  leaked(tokenId: string, store: Pick<TokenStore, 'findById'>): Promise<void>;
}

/**
 * Wires sender, notices and watcher on one database. The watcher is not started: the server starts it
 * once listening (`startServer`), so building an app in a test sends nothing by itself.
 *
 * @example
 * const { notices, watcher } = createTokenWebhooks({ models, logger, url, secret });
 * watcher.start();
 */
export function createTokenWebhooks(options: TokenWebhookOptions & { models: Models; logger: Logger; now?: () => Date }): TokenWebhooks {
  const { models, logger, now, checkIntervalMs, ...sender } = options;
  const notices = new TokenNotices({ models, logger, now, sender: new WebhookSender(sender) });
  const leaked = async (tokenId: string, store: Pick<TokenStore, 'findById'>) => {
    try {
      const token = await store.findById(tokenId);
      if (token) await notices.tokenLeaked(token);
    } catch (error) {
      logger.error({ err: error, tokenId }, 'token.leaked webhook failed');
    }
  };
  return { notices, watcher: new ExpiryWatcher(notices, logger, checkIntervalMs ?? DEFAULT_EXPIRY_CHECK_INTERVAL_MS), leaked };
}
