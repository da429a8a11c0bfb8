import type { Response } from 'express';
import { html } from './html.js';
import type { SafeHtml } from './html.js';
import { ASSET_PATHS } from './assets/index.js';

/** What every page shows around its content. */
export interface LayoutInput {
  title: string;
  /** The signed-in user, for the header and the sign-out button. */
  user?: { name: string } | null;
  /** Embedded for the page script (meta tag) and the sign-out form. Required when `user` is set. */
  csrfToken?: string;
  /** The page's one script, a same-origin path from `ASSET_PATHS` (none by default). */
  script?: string;
  main: SafeHtml;
}

/**
 * The HTML document around a page: one stylesheet and at most one script, both same-origin files, so
 * helmet's default Content-Security-Policy (no inline scripts) holds.
 *
 * @example
 * res.send(layout({ title: 'Sign in', main: html`<h1>Sign in</h1>` }).toString());
 */
export function layout({ title, user, csrfToken, script, main }: LayoutInput): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csrfToken !== undefined && html`<meta name="csrf-token" content="${csrfToken}">`}
<title>${title} · patgate</title>
<link rel="icon" href="${ASSET_PATHS.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${ASSET_PATHS.css}">
${script !== undefined && html`<script src="${script}" defer></script>`}
</head>
<body>
<header class="site-header">
  <a class="brand" href="/">patgate</a>
  ${user && html`<form class="signout" method="post" action="/logout">
    <span class="who">Signed in as <strong>${user.name}</strong></span>
    <input type="hidden" name="_csrf" value="${csrfToken ?? ''}">
    <button type="submit" class="button secondary">Sign out</button>
  </form>`}
</header>
<main id="main">
${main}
</main>
</body>
</html>
`;
}

/**
 * Sends a rendered page. Pages show account data and carry CSRF tokens, so no cache may keep them.
 *
 * @example
 * sendPage(res, 401, signInPage({ csrfToken, error: 'Wrong email or password', signupEnabled }));
 */
export function sendPage(res: Response, status: number, page: SafeHtml): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(page.toString());
}
