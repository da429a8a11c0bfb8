import cors from 'cors';
import type { RequestHandler } from 'express';
import { TOKEN_EXPIRATION_HEADER } from '@patgate/middleware';

/** Response headers a script on another origin may read: the token's expiry, the refusal, the rate limit. */
export const EXPOSED_HEADERS: readonly string[] = [TOKEN_EXPIRATION_HEADER, 'WWW-Authenticate', 'Retry-After', 'RateLimit', 'RateLimit-Policy'];

/**
 * CORS for `/api` and `/graphql`, so that a browser app on another origin can call the API with a token
 * (`Authorization: Bearer`) and read `Patgate-Token-Expiration`. Any origin may, without credentials:
 * the answer is `Access-Control-Allow-Origin: *` and never `Allow-Credentials`, so a browser does not send
 * the profile page's session cookie cross-origin with a preflighted request and never lets another origin
 * read an answer a cookie earned. Preflights (`OPTIONS`) are answered here, before authentication.
 *
 * @example
 * app.use(['/api', '/graphql'], apiCors());
 */
export function apiCors(): RequestHandler {
  return cors({
    origin: '*',
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: [...EXPOSED_HEADERS],
    maxAge: 600,
  });
}
