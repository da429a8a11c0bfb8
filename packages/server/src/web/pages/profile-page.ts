import type { TokenInfo } from '@patgate/middleware';
import type { ScopeDefinition } from '../../scopes.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { ASSET_PATHS } from '../assets/index.js';
import { layout } from '../layout.js';
import { tokenDialogs } from './token-dialogs.js';
import { revokedTokenLinks } from './token-history-page.js';
import { tokenRow } from './token-rows.js';
import type { LifespanOption, StreamChoice } from './token-dialogs.js';

/** What the profile page shows. */
export interface ProfilePageInput {
  user: { name: string; email: string };
  /** The user's tokens that are not revoked, newest first. */
  tokens: readonly TokenInfo[];
  /** Revoked tokens, most recently revoked first, linked to their history. Defaults to none. */
  revokedTokens?: readonly TokenInfo[];
  /** The scopes offered in the New token dialog. */
  scopes: readonly ScopeDefinition[];
  lifespans: readonly LifespanOption[];
  /** The user's streams, offered as a token's limit; also names the streams a limited token shows. */
  streams: readonly StreamChoice[];
  csrfToken: string;
  now: Date;
}

/**
 * The profile page: who is signed in, and under "Your Apps" their personal access tokens with a New token
 * dialog, Regenerate and Revoke buttons. A token's secret is never part of this page; after creation the script shows
 * it inside the dialog only, and drops it when the dialog closes.
 *
 * @example
 * res.send(profilePage({ user, tokens, scopes: SCOPES.filter((s) => s.grantable), lifespans, streams: [], csrfToken, now: new Date() }).toString());
 */
export function profilePage({ user, tokens, revokedTokens = [], scopes, lifespans, streams, csrfToken, now }: ProfilePageInput): SafeHtml {
  const names = new Map(streams.map((s) => [s.id, s.name]));
  return layout({
    title: 'Profile',
    user,
    csrfToken,
    script: ASSET_PATHS.profileScript,
    main: html`<section class="card">
  <h1>${user.name}</h1>
  <p class="email">${user.email}</p>
</section>
<section class="card" aria-labelledby="apps-title">
  <h2 id="apps-title">Your Apps</h2>
  <div class="section-head">
    <div>
      <h3 id="tokens-title">Personal Access Tokens</h3>
      <p class="hint">A token lets a script or app act on your behalf with the scopes you give it. Treat it like a password.</p>
    </div>
    <button type="button" class="button primary" id="new-token">New token</button>
  </div>
  <p id="page-status" class="status" aria-live="polite"></p>
  <div class="table-wrap">
    <table aria-labelledby="tokens-title">
      <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Token</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody id="token-rows">
        <tr id="no-tokens"${tokens.length > 0 ? html` hidden` : ''}><td colspan="7" class="empty">No tokens yet. Create one with “New token”.</td></tr>
        ${tokens.map((t) => tokenRow(t, now, names))}
      </tbody>
    </table>
  </div>
  ${revokedTokenLinks(revokedTokens)}
</section>
${tokenDialogs(scopes, lifespans, streams)}`,
  });
}
