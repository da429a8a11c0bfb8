import type { TokenInfo } from '@patgate/middleware';
import type { TokenEventJson } from '../../services/token-events.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { layout } from '../layout.js';

/** What the history page shows. */
export interface TokenHistoryPageInput {
  user: { name: string };
  csrfToken: string;
  /** The token's id, and its name while the token row still exists. */
  token: { id: string; name: string | null };
  /** One page of events, newest first. */
  events: readonly TokenEventJson[];
  totalCount: number;
  /** The link to the next (older) page, or null on the last. */
  olderHref: string | null;
}

const WHAT: Record<string, string> = {
  created: 'Created',
  first_used: 'First used',
  rotated: 'Rotated (replaced by a new token)',
  revoked: 'Revoked',
  refused_revoked: 'Refused: used after it was revoked',
  refused_expired: 'Refused: used after it expired',
  leak_reported: 'Revoked: reported as leaked',
};

const WHO: Record<string, string> = {
  owner: 'You, signed in',
  self: 'The token itself',
  admin: 'A server admin',
  cli: 'The patgate command line',
  leak_report: 'A leak report',
};

function eventRow(event: TokenEventJson): SafeHtml {
  const at = event.at.toISOString();
  return html`<tr data-event="${event.type}">
  <td data-field="at"><time datetime="${at}">${at.slice(0, 19).replace('T', ' ')} UTC</time></td>
  <th scope="row" data-field="type">${WHAT[event.type] ?? event.type}</th>
  <td data-field="actor">${WHO[event.actor] ?? event.actor}</td>
  <td data-field="ip">${event.ip ?? '—'}</td>
  <td data-field="userAgent">${event.userAgent ?? '—'}</td>
  <td data-field="url">${event.url ? html`<code>${event.url}</code>` : ''}</td>
</tr>`;
}

/**
 * The profile page's way to a revoked token's history (revoked tokens are not in its table): the most
 * recently revoked ones, each with its History link, folded away. Nothing when there are none.
 *
 * @example
 * html`${revokedTokenLinks(tokens.filter((t) => t.revokedAt !== null))}`;
 */
export function revokedTokenLinks(tokens: readonly TokenInfo[]): SafeHtml {
  if (tokens.length === 0) return html``;
  return html`<details class="revoked-tokens">
  <summary>Revoked tokens (${tokens.length})</summary>
  <ul>${tokens.map(
    (t) => html`<li data-token-id="${t.id}">${t.name} <code>…${t.lastChars}</code>, revoked ${t.revokedAt ? html`<time datetime="${t.revokedAt.toISOString()}">${t.revokedAt.toISOString().slice(0, 10)}</time>` : ''} · <a href="/profile/tokens/${t.id}/history" aria-label="History of ${t.name} (revoked)">History</a></li>`,
  )}</ul>
</details>`;
}

/**
 * A token's history, newest first: when it was created, first used, rotated, revoked, refused after
 * revocation or expiry, or reported leaked, by whom, from which address and user agent. A reported URL is
 * shown as text, never as a link: it comes from a third party.
 *
 * @example
 * sendPage(res, 200, tokenHistoryPage({ user, csrfToken, token, events, totalCount, olderHref: null }));
 */
export function tokenHistoryPage({ user, csrfToken, token, events, totalCount, olderHref }: TokenHistoryPageInput): SafeHtml {
  const title = token.name === null ? html`Token <code>${token.id}</code>` : html`“${token.name}”`;
  return layout({
    title: 'Token history',
    user,
    csrfToken,
    main: html`<section class="card" aria-labelledby="history-title">
  <p><a href="/profile">← Back to your tokens</a></p>
  <h1 id="history-title">History of ${title}</h1>
  <p class="hint">${totalCount} event${totalCount === 1 ? '' : 's'}, newest first. Uses are not listed one by one: only the first, and any that were refused.</p>
  <div class="table-wrap">
    <table aria-labelledby="history-title">
      <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">By</th><th scope="col">Address</th><th scope="col">User agent</th><th scope="col">Found at</th></tr></thead>
      <tbody>
        ${events.length === 0 ? html`<tr><td colspan="6" class="empty">Nothing recorded for this token yet.</td></tr>` : events.map(eventRow)}
      </tbody>
    </table>
  </div>
  ${olderHref && html`<p><a href="${olderHref}" rel="next">Older events</a></p>`}
</section>`,
  });
}
