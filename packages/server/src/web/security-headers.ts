import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * helmet's default Content-Security-Policy minus `upgrade-insecure-requests`, which is added back only for
 * requests that arrived over TLS. The default sends it always, and over plain HTTP on any name but
 * `localhost` (a LAN address, `http://my-box:3000`, a container) the browser then fetches the stylesheet
 * over https and blocks the sign-in form (`form-action 'self'` no longer matches): nobody can sign in.
 */
function directives(overTls: boolean) {
  const { 'upgrade-insecure-requests': upgrade, ...rest } = helmet.contentSecurityPolicy.getDefaultDirectives();
  return overTls ? { ...rest, 'upgrade-insecure-requests': upgrade ?? [] } : rest;
}

/**
 * helmet on every response, with the Content-Security-Policy (and Cross-Origin-Opener-Policy) chosen per request: the same policy for every
 * page (same-origin scripts and styles only, no inline code), upgrading insecure requests only when the
 * request came over TLS. `req.secure` honours Express's `trust proxy`, so behind a TLS-terminating proxy
 * with `PATGATE_TRUST_PROXY` set, `X-Forwarded-Proto: https` counts as TLS.
 *
 * @example
 * app.use(securityHeaders());
 */
export function securityHeaders(): RequestHandler[] {
  const overTls = helmet.contentSecurityPolicy({ useDefaults: false, directives: directives(true) });
  const plain = helmet.contentSecurityPolicy({ useDefaults: false, directives: directives(false) });
  const openerPolicy = helmet.crossOriginOpenerPolicy();
  return [
    helmet({ contentSecurityPolicy: false, crossOriginOpenerPolicy: false }),
    (req, res, next) => (req.secure ? overTls : plain)(req, res, next),
    // Browsers ignore Cross-Origin-Opener-Policy from an untrustworthy origin and log an error on every
    // page, so it goes only where it applies: over TLS, or plain HTTP on a loopback name.
    (req, res, next) => (req.secure || LOOPBACK.has(req.hostname) ? openerPolicy(req, res, next) : next()),
  ];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
