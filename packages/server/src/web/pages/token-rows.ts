import { isExpired } from '@patgate/middleware';
import type { TokenInfo } from '@patgate/middleware';
import { isExpiringSoon } from '../../webhooks/token-notices.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { when } from './when.js';

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

/**
 * A row's actions: its History link, Regenerate (only while the token works: the issuer rotates live tokens
 * only) and Revoke.
 *
 * @example
 * html`<td>${rowActions(token, false)}</td>`;
 */
export function rowActions(token: Pick<TokenInfo, 'id' | 'name'>, expired: boolean): SafeHtml {
  return html`<a class="history" href="/profile/tokens/${token.id}/history" aria-label="History of ${token.name}">History</a>
    ${expired ? '' : html`<button type="button" class="button secondary small rotate" data-id="${token.id}" data-name="${token.name}" aria-label="Regenerate ${token.name}">Regenerate</button>`}
    <button type="button" class="button danger small revoke" data-id="${token.id}" data-name="${token.name}" aria-label="Revoke ${token.name}">Revoke</button>`;
}

/**
 * One row of the tokens table (expired tokens marked, and without Regenerate; tokens expiring within 7 days
 * marked "Expires soon"; a stream limit named under the scopes, with `names` from stream id to name).
 *
 * @example
 * html`<tbody>${tokens.map((t) => tokenRow(t, now, names))}</tbody>`;
 */
export function tokenRow(token: TokenInfo, now: Date, names: ReadonlyMap<string, string> = new Map()): SafeHtml {
  const expired = isExpired(token, now);
  return html`<tr data-token-id="${token.id}" data-name="${token.name}">
  <th scope="row" data-field="name">${token.name}</th>
  <td data-field="scopes" data-label="Scopes">${scopeList(token.scopes)}${streamLimit(token, names)}</td>
  <td data-field="lastChars" data-label="Token"><code>…${token.lastChars}</code></td>
  <td data-field="createdAt" data-label="Created">${when(token.createdAt, '')}</td>
  <td data-field="expiresAt" data-label="Expires">${expired ? html`<span class="expired">Expired</span> ` : ''}${expiringMark(token, now)}${when(token.expiresAt, 'Never')}</td>
  <td data-field="lastUsedAt" data-label="Last used">${when(token.lastUsedAt, 'Never')}</td>
  <td class="row-actions">${rowActions(token, expired)}</td>
</tr>`;
}

