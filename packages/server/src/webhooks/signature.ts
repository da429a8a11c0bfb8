import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a webhook carries: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Patgate-Signature';

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The `Patgate-Signature` value for a body sent at `at`. The timestamp is signed with the body, so a
 * receiver can refuse an old delivery replayed later.
 *
 * @example
 * signWebhook(secret, JSON.stringify(event), new Date()); // 't=1764590400,v1=5f2c…'
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

/**
 * What a receiver runs: whether `header` signs `body` under `secret` (compared in constant time), with a
 * timestamp no further than `toleranceSeconds` from `now`. Defaults to 300 seconds.
 *
 * @example
 * if (!verifyWebhookSignature(secret, rawBody, req.headers['patgate-signature'])) return res.status(400).end();
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  return timingSafeEqual(Buffer.from(mac(secret, timestamp, body), 'hex'), Buffer.from(match[2]!, 'hex'));
}
