import { Router } from 'express';
import { PROFILE_SCRIPT } from './profile-script.js';
import { STYLESHEET } from './style.js';

/**
 * Where the pages load their stylesheet and script from.
 *
 * @example
 * html`<link rel="stylesheet" href="${ASSET_PATHS.css}">`;
 */
export const ASSET_PATHS = Object.freeze({ css: '/assets/patgate.css', profileScript: '/assets/profile.js' });

/**
 * Serves the stylesheet and the profile script from memory. Short caching with ETags: a new server
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
  router.get(ASSET_PATHS.profileScript, (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(PROFILE_SCRIPT);
  });
  return router;
}
