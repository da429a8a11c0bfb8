import type { ScopeDefinition } from '../../scopes.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { rowActions } from './token-rows.js';

/** One choice of the lifespan menu. */
export interface LifespanOption {
  /** What the API takes: `7d`, `30d`, `90d`, `1y` (or `never` where policy allows). */
  value: string;
  label: string;
  selected: boolean;
}

/** A stream the New token dialog offers to limit a token to. */
export interface StreamChoice {
  id: string;
  name: string;
}

/** A copyable code example; the script writes it with this server's own URL and the new token. */
function example(id: string, label: string, what: string): SafeHtml {
  return html`<div class="example">
      <div class="example-head"><span id="${id}-label">${label}</span><button type="button" class="button secondary small" data-copy="${id}" aria-label="Copy ${what}">Copy</button></div>
      <pre id="${id}" aria-labelledby="${id}-label"></pre>
    </div>`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function scopeCheckbox(scope: ScopeDefinition): SafeHtml {
  const id = `scope-${scope.name.replace(/[^a-z0-9]/gi, '-')}`;
  return html`<div class="scope">
      <input type="checkbox" id="${id}" name="scopes" value="${scope.name}" aria-describedby="${id}-desc">
      <label for="${id}"><code>${scope.name}</code></label>
      <p class="hint" id="${id}-desc">${capitalize(scope.description)}.</p>
    </div>`;
}

function streamCheckbox(stream: StreamChoice): SafeHtml {
  return html`<div class="scope">
      <input type="checkbox" id="stream-${stream.id}" name="streamIds" value="${stream.id}">
      <label for="stream-${stream.id}">${stream.name}</label>
    </div>`;
}

/** "All my streams" or "Only these", with one box per stream; no boxes (and no choice) without streams. */
function streamFieldset(streams: readonly StreamChoice[]): SafeHtml {
  return html`<fieldset id="token-streams">
      <legend>Streams</legend>
      <div class="scope">
        <input type="radio" id="streams-all" name="streamReach" value="all" checked>
        <label for="streams-all">All my streams, today's and future ones</label>
      </div>
      ${streams.length === 0
        ? html`<p class="hint">You have no streams yet, so a token cannot be limited to some.</p>`
        : html`<div class="scope">
        <input type="radio" id="streams-some" name="streamReach" value="some" aria-describedby="streams-some-hint">
        <label for="streams-some">Only these streams</label>
        <p class="hint" id="streams-some-hint">Other streams, and new ones, stay out of its reach, and it cannot create streams.</p>
      </div>
      ${streams.map(streamCheckbox)}`}
    </fieldset>`;
}

/**
 * The dialogs of the profile page: New token (form, then the token shown once with how to use it), and
 * the regenerate and revoke confirmations. Plus the `<template>` the script fills to add a created token's row without a reload.
 *
 * @example
 * html`${tokenDialogs(SCOPES.filter((s) => s.grantable), lifespans, streams)}`;
 */
export function tokenDialogs(scopes: readonly ScopeDefinition[], lifespans: readonly LifespanOption[], streams: readonly StreamChoice[] = []): SafeHtml {
  return html`<dialog id="token-dialog" aria-labelledby="token-dialog-title">
  <h2 id="token-dialog-title">New personal access token</h2>
  <form id="token-form">
    <p class="alert" role="alert" id="token-error" hidden></p>
    <label for="token-name">Name</label>
    <input id="token-name" name="name" type="text" required maxlength="100" autocomplete="off" aria-describedby="token-name-hint token-name-duplicate">
    <p class="hint" id="token-name-hint">Something you will recognise later, such as “CI on my laptop”.</p>
    <p class="warning" id="token-name-duplicate" aria-live="polite" hidden></p>
    <fieldset>
      <legend>Scopes</legend>
      <p class="hint">Give the token only what it needs: a script that reads streams needs just <code>streams:read</code>.</p>
      ${scopes.map(scopeCheckbox)}
    </fieldset>
    ${streamFieldset(streams)}
    <label for="token-lifespan">Expires after</label>
    <select id="token-lifespan" name="lifespan">
      ${lifespans.map((l) => html`<option value="${l.value}"${l.selected ? html` selected` : ''}>${l.label}</option>`)}
    </select>
    <div class="actions">
      <button type="button" class="button secondary" data-close>Cancel</button>
      <button type="submit" class="button primary" id="create-token">Create token</button>
    </div>
  </form>
  <section id="token-created" hidden>
    <p class="warning"><strong>Copy this token now and store it somewhere safe.</strong> This is the only time it is shown; you will not be able to see it again.</p>
    <label for="token-value">Your new token</label>
    <div class="copy-row">
      <textarea id="token-value" rows="2" readonly spellcheck="false" autocomplete="off"></textarea>
      <button type="button" class="button secondary" id="copy-token" data-copy="token-value" aria-label="Copy token">Copy</button>
    </div>
    <dl class="token-summary">
      <div><dt>Name</dt><dd id="created-name"></dd></div>
      <div><dt>Scopes</dt><dd id="created-scopes"></dd></div>
      <div><dt>Expires</dt><dd id="created-expires"></dd></div>
    </dl>
    <h3>Use it</h3>
    <p class="hint">Send it with every request in the <code>Authorization</code> header: <code>Authorization: Bearer &lt;token&gt;</code>.</p>
    ${example('example-curl', 'With curl', 'curl example')}
    ${example('example-fetch', 'With fetch in JavaScript: the documentation’s GraphQL query (needs profile:read and streams:read)', 'fetch example')}
    <div class="actions">
      <button type="button" class="button primary" data-close>Done</button>
    </div>
  </section>
  <p id="token-status" class="status" aria-live="polite"></p>
</dialog>
<dialog id="revoke-dialog" aria-labelledby="revoke-title" aria-describedby="revoke-description">
  <h2 id="revoke-title">Revoke this token?</h2>
  <p id="revoke-description">“<span id="revoke-name"></span>” stops working immediately: scripts and apps using it will be refused.</p>
  <p class="alert" role="alert" id="revoke-error" hidden></p>
  <div class="actions">
    <button type="button" class="button secondary" data-close>Cancel</button>
    <button type="button" class="button danger" id="revoke-confirm">Revoke token</button>
  </div>
</dialog>
<dialog id="rotate-dialog" aria-labelledby="rotate-title" aria-describedby="rotate-description">
  <h2 id="rotate-title">Regenerate this token?</h2>
  <p id="rotate-description">“<span id="rotate-name"></span>” stops working immediately. A new token with the same name, scopes and expiry is shown once: put it into every script that used the old one.</p>
  <p class="alert" role="alert" id="rotate-error" hidden></p>
  <div class="actions">
    <button type="button" class="button secondary" data-close>Cancel</button>
    <button type="button" class="button primary" id="rotate-confirm">Regenerate token</button>
  </div>
</dialog>
<template id="token-row-template">
  <tr>
    <th scope="row" data-field="name"></th>
    <td data-field="scopes" data-label="Scopes"><ul class="scopes"></ul><p class="hint" data-field="streams" hidden></p></td>
    <td data-field="lastChars" data-label="Token"><code></code></td>
    <td data-field="createdAt" data-label="Created"><time data-when></time></td>
    <td data-field="expiresAt" data-label="Expires"><time data-when></time></td>
    <td data-field="lastUsedAt" data-label="Last used">Never</td>
    <td class="row-actions">${rowActions({ id: '', name: '' }, false)}</td>
  </tr>
</template>`;
}
