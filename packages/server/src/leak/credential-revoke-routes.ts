import express from 'express';
import type { IRouter, Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Store } from 'express-rate-limit';
import type { TokenIssuer } from '@patgate/middleware';
import { z } from 'zod';
import { ServiceError } from '../services/errors.js';
import { actionContext } from '../http/auth.js';
import { parseRequest } from '../http/validate.js';

/** Requests one address may make per hour to the revoke-by-value routes unless configured otherwise. */
export const DEFAULT_CREDENTIAL_REVOKE_PER_HOUR = 60;

/** The most values one `POST /api/credentials/revoke` may carry, as GitHub's own endpoint allows. */
export const MAX_CREDENTIALS_PER_REQUEST = 1000;

/**
 * 429: this address used up its revoke-by-value requests for the hour. `Retry-After` says when it may
 * try again.
 *
 * @example
 * next(new CredentialRevokeLimitedError(60));
 */
export class CredentialRevokeLimitedError extends ServiceError {
  constructor(perHour: number) {
    super(429, 'rate_limited', `This address made more than ${perHour} revocation requests in an hour; wait for Retry-After seconds`);
  }
}

// A value longer than any token of any prefix is refused with the rest of the body, not looked at.
const credential = z.string().max(200);
/** The body of `POST /api/credentials/revoke`: 1 to 1000 token values. */
export const revokeBody = z
  .object({ credentials: z.array(credential).min(1).max(MAX_CREDENTIALS_PER_REQUEST) })
  .strict();
// RFC 7009 section 2.1: `token` is required, `token_type_hint` optional (and may be ignored: there is one
// kind of token here). Other form fields (client_id, …) are allowed and ignored, as OAuth servers do.
/** The form of RFC 7009's `POST /oauth/revoke`. */
export const oauthRevokeBody = z.looseObject({ token: credential.min(1), token_type_hint: z.string().max(100).optional() });

/** Options of {@link credentialRevokeRoutes}. */
export interface CredentialRevokeOptions {
  issuer: TokenIssuer;
  /** Requests per address per hour, both routes together. */
  perHour: number;
  /** Where the counters live; Redis makes them shared by every instance. Defaults to process memory. */
  store?: Store | undefined;
}

/**
 * Revokes every value that is a live token. Duplicates are looked at once; values are taken one at a time
 * so a batch of 1,000 never holds more than one database connection.
 */
async function revokeEach(issuer: TokenIssuer, values: readonly string[], req: Request): Promise<void> {
  const reporter = actionContext(req, 'leak_report');
  for (const value of new Set(values)) await issuer.revokeByValue(value, reporter);
}

/** Answers that nobody may cache, whatever they say. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * `POST /api/credentials/revoke` (GitHub's revoke-by-value shape, 1 to 1000 values, 202 `{}`) and RFC
 * 7009's `POST /oauth/revoke` (form `token=…`, 200): no authentication, since holding a token is the proof
 * that may end it. The answer is the same whichever values were live, so neither route tells anyone
 * whether a value is a token. One per-address budget covers both; it is counted before the body is read,
 * so malformed requests spend it too.
 *
 * @example
 * credentialRevokeRoutes(app, { issuer, perHour: 60, store: cluster?.rateLimitStore('credential-revoke-per-address') });
 */
export function credentialRevokeRoutes(router: IRouter, { issuer, perHour, store }: CredentialRevokeOptions): void {
  const limit = rateLimit({
    windowMs: 60 * 60_000,
    limit: perHour,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'credential-revoke-per-address',
    handler: (_req, _res, next) => next(new CredentialRevokeLimitedError(perHour)),
    ...(store && { store }),
  });

  router.post('/api/credentials/revoke', noStore, limit, express.json({ limit: '100kb' }), async (req, res) => {
    const { credentials } = parseRequest(req, 'body', revokeBody);
    await revokeEach(issuer, credentials, req);
    res.status(202).json({});
  });

  router.post('/oauth/revoke', noStore, limit, express.urlencoded({ extended: false, limit: '100kb' }), async (req: Request, res) => {
    const parsed = oauthRevokeBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      // RFC 6749 section 5.2's error shape, which OAuth clients parse.
      res.status(400).json({ error: 'invalid_request', error_description: 'Send the token to revoke as the form field `token`' });
      return;
    }
    await revokeEach(issuer, [parsed.data.token], req);
    // RFC 7009 section 2.2: 200 whether or not the token was valid; the body is ignored by clients.
    res.status(200).end();
  });
}
