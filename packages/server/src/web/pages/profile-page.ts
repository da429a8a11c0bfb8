import { isExpired } from '@patgate/middleware';
import type { TokenInfo } from '@patgate/middleware';
import type { ScopeDefinition } from '../../scopes.js';
import { isExpiringSoon } from '../../webhooks/token-notices.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { tokenDialogs } from './token-dialogs.js';
import type { LifespanOption, StreamChoice } from './token-dialogs.js';

/** What the profile page shows. */
export interface ProfilePageInput {
  user: { name: string; email: string };
  /** The user's tokens that are not revoked, newest first. */
  tokens: readonly TokenInfo[];
  /** The scopes offered in the New token dialog. */
  scopes: readonly ScopeDefinition[];
  lifespans: readonly LifespanOption[];
  /** The user's streams, offered as a token's limit; also names the streams a limited token shows. */
  streams: readonly StreamChoice[];
  csrfToken: string;
  now: Date;
}

/** A date as the page shows it (UTC calendar day), machine-readable in `datetime`. */
function day(date: Date | null, empty: string): SafeHtml {
  return date ? html`<time datetime="${date.toISOString()}">${date.toISOString().slice(0, 10)}</time>` : html`${empty}`;
}

function scopeList(scopes: readonly string[]): SafeHtml {
  return html`<ul class="scopes">${scopes.map((s) => html`<li><code>${s}</code></li>`)}</ul>`;
}

/** "Only: Bridge, Deck" under a limited token's scopes; ids of streams no longer listed show as ids. */
function streamLimit(token: TokenInfo, names: ReadonlyMap<string, string>): SafeHtml {
  if (!token.resourceIds) return html``;
  return html`<p class="hint" data-field="streams">Only: ${token.resourceIds.map((id) => names.get(id) ?? id).join(', ')}</p>`;
}

/** The mark of a token that expires within 7 days, with the days left, so its owner can rotate it in time. */
function expiringMark(token: TokenInfo, now: Date): SafeHtml | '' {
  if (!isExpiringSoon(token, now)) return '';
  const days = Math.ceil((token.expiresAt!.getTime() - now.getTime()) / 86_400_000);
  return html`<span class="expiring" title="Expires in ${days} day${days === 1 ? '' : 's'}">Expires soon</span> `;
}

function tokenRow(token: TokenInfo, now: Date, names: ReadonlyMap<string, string>): SafeHtml {
  const expired = isExpired(token, now);
  return html`<tr data-token-id="${token.id}">
  <th scope="row" data-field="name">${token.name}</th>
  <td data-field="scopes">${scopeList(token.scopes)}${streamLimit(token, names)}</td>
  <td data-field="lastChars"><code>…${token.lastChars}</code></td>
  <td data-field="createdAt">${day(token.createdAt, '')}</td>
  <td data-field="expiresAt">${expired ? html`<span class="expired">Expired</span> ` : ''}${expiringMark(token, now)}${day(token.expiresAt, 'Never')}</td>
  <td data-field="lastUsedAt">${day(token.lastUsedAt, 'Never')}</td>
  <td><button type="button" class="button danger small revoke" data-id="${token.id}" data-name="${token.name}" aria-label="Revoke ${token.name}">Revoke</button></td>
</tr>`;
}

/**
 * The profile page: who is signed in, and under "Your Apps" their personal access tokens with a New token
 * dialog and Revoke buttons. A token's secret is never part of this page; after creation the script shows
 * it inside the dialog only, and drops it when the dialog closes.
 *
 * @example
 * res.send(profilePage({ user, tokens, scopes: SCOPES.filter((s) => s.grantable), lifespans, streams: [], csrfToken, now: new Date() }).toString());
 */
export function profilePage({ user, tokens, scopes, lifespans, streams, csrfToken, now }: ProfilePageInput): SafeHtml {
  const names = new Map(streams.map((s) => [s.id, s.name]));
  return layout({
    title: 'Profile',
    user,
    csrfToken,
    script: true,
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
</section>
${tokenDialogs(scopes, lifespans, streams)}`,
  });
}
