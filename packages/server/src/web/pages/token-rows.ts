import { isExpired } from '@patgate/middleware';
import type { TokenInfo } from '@patgate/middleware';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { when } from './when.js';

function scopeList(scopes: readonly string[]): SafeHtml {
  return html`<ul class="scopes">${scopes.map((s) => html`<li><code>${s}</code></li>`)}</ul>`;
}

/**
 * A row's buttons: Regenerate (only while the token works: the issuer rotates live tokens only) and Revoke.
 *
 * @example
 * html`<td>${rowActions(token, false)}</td>`;
 */
export function rowActions(token: Pick<TokenInfo, 'id' | 'name'>, expired: boolean): SafeHtml {
  return html`${expired ? '' : html`<button type="button" class="button secondary small rotate" data-id="${token.id}" data-name="${token.name}" aria-label="Regenerate ${token.name}">Regenerate</button>`}
    <button type="button" class="button danger small revoke" data-id="${token.id}" data-name="${token.name}" aria-label="Revoke ${token.name}">Revoke</button>`;
}

/**
 * One row of the tokens table (expired tokens marked, and without Regenerate).
 *
 * @example
 * html`<tbody>${tokens.map((t) => tokenRow(t, now))}</tbody>`;
 */
export function tokenRow(token: TokenInfo, now: Date): SafeHtml {
  const expired = isExpired(token, now);
  return html`<tr data-token-id="${token.id}" data-name="${token.name}">
  <th scope="row" data-field="name">${token.name}</th>
  <td data-field="scopes" data-label="Scopes">${scopeList(token.scopes)}</td>
  <td data-field="lastChars" data-label="Token"><code>…${token.lastChars}</code></td>
  <td data-field="createdAt" data-label="Created">${when(token.createdAt, '')}</td>
  <td data-field="expiresAt" data-label="Expires">${expired ? html`<span class="expired">Expired</span> ` : ''}${when(token.expiresAt, 'Never')}</td>
  <td data-field="lastUsedAt" data-label="Last used">${when(token.lastUsedAt, 'Never')}</td>
  <td class="row-actions">${rowActions(token, expired)}</td>
</tr>`;
}

