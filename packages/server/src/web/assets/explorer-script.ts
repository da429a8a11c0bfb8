/**
 * The GraphQL explorer's script (see `explorerPage`): posts the query to `/graphql` with the typed token,
 * or with the session and its CSRF header, and shows the status and the answer. Plain browser JavaScript
 * in a string, served as a same-origin file.
 *
 * @example
 * res.type('text/javascript').send(EXPLORER_SCRIPT);
 */
export const EXPLORER_SCRIPT = String.raw`'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var meta = document.querySelector('meta[name="csrf-token"]');
  var form = $('explorer-form');
  var status = $('explorer-status');
  var result = $('explorer-result');

  function run(event) {
    if (event) event.preventDefault();
    var variables;
    try {
      variables = JSON.parse($('explorer-variables').value || '{}');
    } catch (error) {
      status.textContent = 'The variables are not valid JSON: ' + error.message;
      return;
    }
    var headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    var token = $('explorer-token').value.trim();
    if (token) headers.authorization = 'Bearer ' + token;
    else if (meta) headers['x-csrf-token'] = meta.getAttribute('content');
    status.textContent = 'Running\u2026';
    fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify({ query: $('explorer-query').value, variables: variables }) })
      .then(function (res) {
        return res.text().then(function (text) {
          status.textContent = 'HTTP ' + res.status + (res.headers.get('www-authenticate') ? ' \u2014 ' + res.headers.get('www-authenticate') : '');
          try { result.textContent = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { result.textContent = text; }
        });
      })
      .catch(function (error) { status.textContent = 'The request failed: ' + error.message; });
  }

  form.addEventListener('submit', run);
  form.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run(event);
  });
})();
`;
