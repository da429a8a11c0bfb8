import { PAGE_HELPERS_SCRIPT } from './page-helpers-script.js';

/**
 * The profile page's token code: New token (with a warning on a name already in use), the created token
 * shown once with its name, scopes, expiry and copyable curl and fetch examples on this server's own URL,
 * Regenerate and Revoke with confirmation. Runs after {@link PAGE_HELPERS_SCRIPT}, in the same function.
 */
const TOKENS_SCRIPT = String.raw`
  var newButton = $('new-token');
  var tokenDialog = $('token-dialog');
  var dialogTitle = $('token-dialog-title');
  var form = $('token-form');
  var created = $('token-created');
  var tokenValue = $('token-value');
  var tokenError = $('token-error');
  var tokenStatus = $('token-status');
  var duplicate = $('token-name-duplicate');
  var rows = $('token-rows');
  var pageStatus = $('page-status');
  var confirmations = { revoke: $('revoke-dialog'), rotate: $('rotate-dialog') };
  var pending = null;

  function existingNames() {
    return Array.prototype.map.call(rows.querySelectorAll('tr[data-token-id]'), function (row) { return row.getAttribute('data-name'); });
  }

  function checkDuplicate() {
    var name = form.elements.name.value.trim().toLowerCase();
    var same = name && existingNames().find(function (n) { return n.trim().toLowerCase() === name; });
    duplicate.textContent = same ? 'You already have a token named \u201c' + same + '\u201d. A second one is allowed, but a distinct name tells them apart when you revoke one.' : '';
    duplicate.hidden = !same;
  }
  form.elements.name.addEventListener('input', checkDuplicate);

  newButton.addEventListener('click', function () {
    form.reset();
    form.hidden = false;
    created.hidden = true;
    dialogTitle.textContent = 'New personal access token';
    showError(tokenError, '');
    checkDuplicate();
    tokenStatus.textContent = '';
    openDialog(tokenDialog, newButton, $('token-name'));
  });

  // The token must not outlive the dialog: closing it wipes every copy from the page.
  tokenDialog.addEventListener('close', function () {
    tokenValue.value = '';
    $('example-curl').textContent = '';
    $('example-fetch').textContent = '';
    tokenStatus.textContent = '';
  });

  // A route the token's scopes allow, so the example works as pasted.
  function exampleRoute(scopes) {
    if (scopes.indexOf('streams:read') >= 0) return '/api/streams';
    if (scopes.indexOf('profile:read') >= 0) return '/api/user';
    return '/api/tokens/current';
  }

  function showCreated(result, title, done) {
    var origin = location.origin;
    dialogTitle.textContent = title;
    form.hidden = true;
    created.hidden = false;
    tokenValue.value = result.token;
    $('created-name').textContent = result.name;
    $('created-scopes').textContent = result.scopes.join(', ');
    var expires = $('created-expires');
    expires.textContent = '';
    if (result.expiresAt) {
      var time = document.createElement('time');
      expires.appendChild(time);
      setTime(time, result.expiresAt);
    } else expires.textContent = 'Never';
    $('example-curl').textContent = 'curl ' + origin + exampleRoute(result.scopes) + " \\\n  -H 'Authorization: Bearer " + result.token + "'";
    $('example-fetch').textContent = "const res = await fetch('" + origin + "/graphql', {\n  method: 'POST',\n  headers: {\n" +
      "    Authorization: 'Bearer " + result.token + "',\n    'Content-Type': 'application/json'\n  },\n" +
      '  body: JSON.stringify({ query: ' + '\u0060{ user { id streams { totalCount } } }\u0060' + ' })\n});\nconsole.log(await res.json());';
    tokenStatus.textContent = 'Token ' + done + '. Copy it now: it will not be shown again.';
    tokenValue.focus();
    tokenValue.select();
  }

  function addRow(info) {
    var row = $('token-row-template').content.firstElementChild.cloneNode(true);
    var cell = function (field) { return row.querySelector('[data-field="' + field + '"]'); };
    row.setAttribute('data-token-id', info.id);
    row.setAttribute('data-name', info.name);
    cell('name').textContent = info.name;
    info.scopes.forEach(function (scope) {
      var li = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = scope;
      li.appendChild(code);
      cell('scopes').firstElementChild.appendChild(li);
    });
    if (info.streamIds) {
      var limit = row.querySelector('[data-field="streams"]');
      limit.textContent = 'Only: ' + info.streamIds.map(function (id) {
        var label = document.querySelector('label[for="stream-' + id + '"]');
        return label ? label.textContent : id;
      }).join(', ');
      limit.hidden = false;
    }
    cell('lastChars').firstElementChild.textContent = '\u2026' + info.lastChars;
    setTime(cell('createdAt').firstElementChild, info.createdAt);
    if (info.expiresAt) setTime(cell('expiresAt').firstElementChild, info.expiresAt);
    else cell('expiresAt').textContent = 'Never';
    row.querySelectorAll('.rotate, .revoke').forEach(function (button) {
      button.setAttribute('data-id', info.id);
      button.setAttribute('data-name', info.name);
      button.setAttribute('aria-label', button.textContent.trim() + ' ' + info.name);
    });
    var history = row.querySelector('.history');
    history.setAttribute('href', '/profile/tokens/' + encodeURIComponent(info.id) + '/history');
    history.setAttribute('aria-label', 'History of ' + info.name);
    rows.insertBefore(row, $('no-tokens').nextSibling);
    $('no-tokens').hidden = true;
    return row;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var scopes = Array.prototype.map.call(form.querySelectorAll('input[name="scopes"]:checked'), function (box) { return box.value; });
    if (scopes.length === 0) {
      showError(tokenError, 'Choose at least one scope.');
      form.querySelector('input[name="scopes"]').focus();
      return;
    }
    var body = { name: form.elements.name.value, scopes: scopes, lifespan: form.elements.lifespan.value };
    var some = $('streams-some');
    if (some && some.checked) {
      body.streamIds = Array.prototype.map.call(form.querySelectorAll('input[name="streamIds"]:checked'), function (box) { return box.value; });
      if (body.streamIds.length === 0) {
        showError(tokenError, 'Choose at least one stream, or allow all of them.');
        some.focus();
        return;
      }
    }
    var submit = $('create-token');
    submit.disabled = true;
    showError(tokenError, '');
    api('POST', '/api/tokens', body)
      .then(function (result) {
        addRow(result);
        showCreated(result, 'New personal access token', 'created');
      })
      .catch(function (error) { showError(tokenError, error.message); })
      .then(function () { submit.disabled = false; });
  });

  rows.addEventListener('click', function (event) {
    var button = event.target.closest('.revoke, .rotate');
    if (!button) return;
    var kind = button.classList.contains('revoke') ? 'revoke' : 'rotate';
    pending = button;
    $(kind + '-name').textContent = button.getAttribute('data-name');
    showError($(kind + '-error'), '');
    // Cancel is the safe default, so it takes the focus.
    openDialog(confirmations[kind], button, confirmations[kind].querySelector('[data-close]'));
  });

  function removeRow(button) {
    button.closest('tr').remove();
    if (!rows.querySelector('tr[data-token-id]')) $('no-tokens').hidden = false;
  }

  function confirmWith(kind, request, done) {
    var confirm = $(kind + '-confirm');
    confirm.addEventListener('click', function () {
      var button = pending;
      confirm.disabled = true;
      request(encodeURIComponent(button.getAttribute('data-id')))
        .then(function (result) { done(button, result); })
        .catch(function (error) { showError($(kind + '-error'), error.message); })
        .then(function () { confirm.disabled = false; });
    });
  }

  confirmWith('revoke', function (id) { return api('DELETE', '/api/tokens/' + id); }, function (button) {
    var name = button.getAttribute('data-name');
    removeRow(button);
    setOpener(confirmations.revoke, newButton);
    confirmations.revoke.close();
    pageStatus.textContent = 'Token \u201c' + name + '\u201d revoked.';
  });

  confirmWith('rotate', function (id) { return api('POST', '/profile/tokens/' + id + '/rotate'); }, function (button, result) {
    removeRow(button);
    var row = addRow(result);
    confirmations.rotate.close();
    openDialog(tokenDialog, row.querySelector('.rotate'));
    showCreated(result, 'Regenerated token', 'regenerated');
    pageStatus.textContent = 'Token \u201c' + result.name + '\u201d regenerated; the old one no longer works.';
  });
`;

/**
 * The profile page's script, served as a same-origin file (the Content-Security-Policy forbids inline
 * scripts). Plain browser JavaScript in strings, so it ships inside the compiled server with no build step
 * and runs the same under tsx and from `dist`. It talks to the JSON API with the session cookie and the
 * CSRF header.
 *
 * @example
 * res.type('text/javascript').send(PROFILE_SCRIPT);
 */
export const PROFILE_SCRIPT = `'use strict';\n(function () {${PAGE_HELPERS_SCRIPT}${TOKENS_SCRIPT}})();\n`;
