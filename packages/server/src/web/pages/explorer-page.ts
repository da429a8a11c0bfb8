import { ASSET_PATHS } from '../assets/index.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { layout } from '../layout.js';

/** What the explorer page shows. */
export interface ExplorerPageInput {
  /** The signed-in user, if any: then the session can run queries without a token. */
  user: { name: string } | null;
  csrfToken: string | undefined;
  /** The schema in GraphQL's SDL. */
  sdl: string;
}

const SEED_QUERY = '{ user { id name streams { totalCount } } }';

/**
 * The GraphQL explorer: a token field, the query and its variables, Run (or Ctrl+Enter), the answer, and
 * the schema. Its script is a same-origin file, like the profile page's, so the Content-Security-Policy holds.
 *
 * @example
 * sendPage(res, 200, explorerPage({ user: null, csrfToken: undefined, sdl: printSchema(schema) }));
 */
export function explorerPage({ user, csrfToken, sdl }: ExplorerPageInput): SafeHtml {
  return layout({
    title: 'GraphQL explorer',
    user,
    csrfToken,
    script: ASSET_PATHS.explorerScript,
    main: html`<section class="card">
  <h1>GraphQL explorer</h1>
  <p class="hint">For development (<code>PATGATE_GRAPHQL_EXPLORER</code>). Queries go to <code>/graphql</code> with the token below, ${user ? 'or with your signed-in session when it is empty (the session has no streams scopes)' : 'which is required: sign in to use your session instead'}. The token stays in this page only.</p>
  <form id="explorer-form">
    <label for="explorer-token">Token</label>
    <input id="explorer-token" type="password" autocomplete="off" spellcheck="false" placeholder="pat_…">
    <label for="explorer-query">Query</label>
    <textarea id="explorer-query" rows="8" spellcheck="false">${SEED_QUERY}</textarea>
    <label for="explorer-variables">Variables (JSON)</label>
    <textarea id="explorer-variables" rows="3" spellcheck="false">{}</textarea>
    <div class="actions"><button type="submit" class="button primary" id="explorer-run">Run (Ctrl+Enter)</button></div>
  </form>
  <h2>Answer</h2>
  <p id="explorer-status" class="status" aria-live="polite"></p>
  <pre id="explorer-result" class="code-block"></pre>
</section>
<section class="card">
  <details>
    <summary>Schema</summary>
    <pre class="code-block">${sdl}</pre>
  </details>
</section>`,
  });
}
