import { Router } from 'express';
import { EXPLORER_SCRIPT } from './explorer-script.js';
import { PROFILE_SCRIPT } from './profile-script.js';
import { STYLESHEET } from './style.js';

/**
 * Where the pages load their stylesheet and script from.
 *
 * @example
 * html`<link rel="stylesheet" href="${ASSET_PATHS.css}">`;
 */
export const ASSET_PATHS = Object.freeze({ css: '/assets/patgate.css', profileScript: '/assets/profile.js', icon: '/assets/favicon.svg', explorerScript: '/assets/explorer.js' });

/** A key on the brand's blue: small enough to live here, so no binary file has to ship. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/><circle cx="12" cy="16" r="5.5" fill="none" stroke="#fff" stroke-width="3"/><path d="M17.5 16H27M23 16v4.5M26 16v3" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>`;

/**
 * Serves the stylesheet, the profile script and the icon from memory. Short caching with ETags: a new server
 * version is picked up within minutes, and unchanged files cost a 304.
 *
 * @example
 * app.use(assetRoutes());
 */
export function assetRoutes(): Router {
  const router = Router();
  router.get(ASSET_PATHS.css, (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(STYLESHEET);
  });
  for (const [path, script] of [[ASSET_PATHS.profileScript, PROFILE_SCRIPT], [ASSET_PATHS.explorerScript, EXPLORER_SCRIPT]] as const) {
    router.get(path, (_req, res) => {
      res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(script);
    });
  }
  // Pages link the icon; `/favicon.ico` is what browsers ask for on a JSON answer or a bookmark.
  router.get([ASSET_PATHS.icon, '/favicon.ico'], (_req, res) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON);
  });
  return router;
}
