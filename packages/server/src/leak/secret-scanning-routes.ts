import express from 'express';
import type { IRouter } from 'express';
import type { TokenIssuer } from '@patgate/middleware';
import { z } from 'zod';
import { BadInputError, NotFoundError, ServiceError } from '../services/errors.js';
import { actionContext } from '../http/auth.js';
import type { SecretScanningKeys } from './secret-scanning-keys.js';

/** The regular expression to register with GitHub for patgate's default prefix (`pat`). */
export const TOKEN_PATTERN = 'pat_[0-9A-Za-z]{48}';

/** The route GitHub posts reports to. */
export const SECRET_SCANNING_PATH = '/api/secret-scanning/github';

/**
 * 401: the report is not signed by one of GitHub's listed keys (no signature, an unknown key, or a
 * signature that does not match the bytes received). Nothing was looked at or changed.
 *
 * @example
 * throw new InvalidSignatureError();
 */
export class InvalidSignatureError extends ServiceError {
  constructor() {
    super(401, 'invalid_signature', 'The report must be signed by a key in GitHub\'s secret-scanning key list (Github-Public-Key-Identifier, Github-Public-Key-Signature)');
  }
}

// GitHub's partner payload: one entry per match. Extra fields GitHub may add later are allowed.
/** GitHub's secret-scanning report, the body of `POST /api/secret-scanning/github`. */
export const reportSchema = z
  .array(
    z.looseObject({
      token: z.string().max(1000),
      type: z.string().max(200),
      url: z.string().max(2000).optional(),
      source: z.string().max(200).optional(),
    }),
  )
  .max(1000);

/** One answer entry, in GitHub's feedback format. */
export interface SecretScanningLabel {
  token_raw: string;
  token_type: string;
  label: 'true_positive' | 'false_positive';
}

/**
 * `POST /api/secret-scanning/github`, GitHub's secret-scanning partner endpoint. The signature is checked
 * over the raw bytes before anything is parsed; each reported value that is a live token is revoked; the
 * answer labels every entry `true_positive` (a real token of this server, live or already dead) or
 * `false_positive`. Without keys (`PATGATE_SECRET_SCANNING_KEYS` unset) the route answers 404: the server
 * does not offer it.
 *
 * @example
 * secretScanningRoutes(app, { issuer, keys: new SecretScanningKeys(file) });
 */
export function secretScanningRoutes(router: IRouter, { issuer, keys }: { issuer: TokenIssuer; keys: SecretScanningKeys | undefined }): void {
  if (!keys) {
    router.post(SECRET_SCANNING_PATH, () => {
      throw new NotFoundError('Secret scanning is not set up on this server (PATGATE_SECRET_SCANNING_KEYS)');
    });
    return;
  }
  // Any content type: the signature covers the bytes as sent, so they are kept exactly as received.
  router.post(SECRET_SCANNING_PATH, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!keys.verify(req.get('github-public-key-identifier'), req.get('github-public-key-signature'), body)) {
      throw new InvalidSignatureError();
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadInputError('The report is not valid JSON');
    }
    const report = reportSchema.safeParse(json);
    if (!report.success) throw new BadInputError('The report must be a JSON array of { token, type, url, source }, at most 1000 entries');
    const labels: SecretScanningLabel[] = [];
    for (const entry of report.data) {
      const found = await issuer.revokeByValue(entry.token, { ...actionContext(req, 'leak_report'), url: entry.url });
      labels.push({ token_raw: entry.token, token_type: entry.type, label: found === 'unknown' ? 'false_positive' : 'true_positive' });
    }
    res.set('Cache-Control', 'no-store').json(labels);
  });
}
