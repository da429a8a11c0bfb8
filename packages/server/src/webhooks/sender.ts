import { signWebhook, SIGNATURE_HEADER } from './signature.js';

/** How a {@link WebhookSender} posts and retries. Every field has a default. */
export interface WebhookSenderOptions {
  /** `PATGATE_WEBHOOK_URL`: where events are POSTed. Required. */
  url: string;
  /** `PATGATE_WEBHOOK_SECRET`: the HMAC key of `Patgate-Signature`. Required. */
  secret: string;
  /** Attempts per event, the first included. Defaults to `6`. */
  maxAttempts?: number;
  /** The wait before the second attempt; each later one waits twice as long as the one before. Defaults to `1000`. */
  retryBaseMs?: number;
  /** How long one attempt may take before it is abandoned. Defaults to `10_000`. */
  attemptTimeoutMs?: number;
  /** No attempt starts later than this after the first one: the bound on one event's delivery. Defaults to `120_000`. */
  deadlineMs?: number;
  /** The clock for the signature's timestamp. Defaults to `() => new Date()`. */
  now?: () => Date;
}

/** How one delivery ended. */
export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  /** The last failure (`HTTP 503`, `ECONNREFUSED`, `timeout`), when not delivered. */
  error?: string;
}

/** 4xx answers other than these say the receiver will never take the event: retrying cannot help. */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/**
 * POSTs signed JSON events to one URL: a fresh `Patgate-Signature` per attempt, retried with exponential
 * backoff on network errors, timeouts, 5xx and 408/429, until it is taken (2xx), refused for good (another
 * 4xx), `maxAttempts` is reached or `deadlineMs` has passed. Never throws.
 *
 * @example
 * const sender = new WebhookSender({ url: 'https://hooks.example.com/patgate', secret });
 * const { delivered } = await sender.send(JSON.stringify(event));
 */
export class WebhookSender {
  readonly url: string;
  private readonly secret: string;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly now: () => Date;

  constructor(options: WebhookSenderOptions) {
    if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
      throw new TypeError('WebhookSender option `url` must be an http: or https: URL');
    }
    if (typeof options.secret !== 'string' || options.secret.length < 16) {
      throw new TypeError('WebhookSender option `secret` must be at least 16 characters');
    }
    this.url = options.url;
    this.secret = options.secret;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.deadlineMs = options.deadlineMs ?? 120_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Delivers one body (already JSON). */
  async send(body: string): Promise<DeliveryResult> {
    const started = Date.now();
    let error = 'not attempted';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const outcome = await this.attempt(body);
      if (outcome === 'delivered') return { delivered: true, attempts: attempt };
      error = outcome.error;
      const wait = this.retryBaseMs * 2 ** (attempt - 1);
      if (!outcome.retry || attempt === this.maxAttempts || Date.now() - started + wait > this.deadlineMs) {
        return { delivered: false, attempts: attempt, error };
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return { delivered: false, attempts: this.maxAttempts, error };
  }

  private async attempt(body: string): Promise<'delivered' | { retry: boolean; error: string }> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(this.secret, body, this.now()), 'user-agent': 'patgate-webhooks' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.attemptTimeoutMs),
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) return 'delivered';
      return { retry: res.status >= 500 || RETRYABLE_4XX.has(res.status), error: `HTTP ${res.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const name = (error as Error).name === 'TimeoutError' ? 'timeout' : (cause ?? (error as Error).message);
      return { retry: true, error: name };
    }
  }
}
