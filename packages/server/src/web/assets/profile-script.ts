/**
 * The profile page's script, served as a same-origin file (helmet's CSP forbids inline scripts). Plain
 * browser JavaScript in a string, so it ships inside the compiled server with no build step and runs the
 * same under tsx and from `dist`. It talks to the JSON API with the session cookie and the CSRF header.
 */
export const PROFILE_SCRIPT = String.raw`'use strict';
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  var $ = function (id) { return document.getElementById(id); };
  var newButton = $('new-token');
  var tokenDialog = $('token-dialog');
  var form = $('token-form');
  var created = $('token-created');
  var tokenValue = $('token-value');
  var tokenError = $('token-error');
  var tokenStatus = $('token-status');
  var revokeDialog = $('revoke-dialog');
  var revokeError = $('revoke-error');
  var rows = $('token-rows');
  var pageStatus = $('page-status');
  var returnFocusTo = null;
  var pendingRevoke = null;

  function api(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: { 'x-csrf-token': csrf, accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      if (res.status === 204) return null;
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error((data.error && data.error.message) || 'The server answered ' + res.status);
        return data;
      });
    });
  }

  function showError(el, message) {
    el.textContent = message;
    el.hidden = !message;
  }

  // Focus goes into the dialog on open and back to what opened it on close (Escape included).
  function openDialog(dialog, opener, focusTarget) {
    returnFocusTo = opener;
    dialog.showModal();
    if (focusTarget) focusTarget.focus();
  }
  document.querySelectorAll('dialog').forEach(function (dialog) {
    dialog.addEventListener('close', function () {
      var target = returnFocusTo && document.contains(returnFocusTo) ? returnFocusTo : newButton;
      returnFocusTo = null;
      target.focus();
    });
    dialog.querySelectorAll('[data-close]').forEach(function (button) {
      button.addEventListener('click', function () { dialog.close(); });
    });
  });

  newButton.addEventListener('click', function () {
    form.reset();
    form.hidden = false;
    created.hidden = true;
    showError(tokenError, '');
    tokenStatus.textContent = '';
    openDialog(tokenDialog, newButton, $('token-name'));
  });

  // The token must not outlive the dialog: closing it wipes the only copy from the page.
  tokenDialog.addEventListener('close', function () {
    tokenValue.value = '';
    tokenStatus.textContent = '';
  });

  function day(iso) { return iso ? iso.slice(0, 10) : ''; }

  function addRow(info) {
    var row = $('token-row-template').content.firstElementChild.cloneNode(true);
    var cell = function (field) { return row.querySelector('[data-field="' + field + '"]'); };
    row.setAttribute('data-token-id', info.id);
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
    var createdTime = cell('createdAt').firstElementChild;
    createdTime.dateTime = info.createdAt;
    createdTime.textContent = day(info.createdAt);
    var expiresTime = cell('expiresAt').firstElementChild;
    if (info.expiresAt) {
      expiresTime.dateTime = info.expiresAt;
      expiresTime.textContent = day(info.expiresAt);
    } else {
      cell('expiresAt').textContent = 'Never';
    }
    var revoke = row.querySelector('.revoke');
    revoke.setAttribute('data-id', info.id);
    revoke.setAttribute('data-name', info.name);
    revoke.setAttribute('aria-label', 'Revoke ' + info.name);
    rows.insertBefore(row, $('no-tokens').nextSibling);
    $('no-tokens').hidden = true;
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
        form.hidden = true;
        created.hidden = false;
        tokenValue.value = result.token;
        delete result.token;
        addRow(result);
        tokenStatus.textContent = 'Token created. Copy it now: it will not be shown again.';
        tokenValue.focus();
        tokenValue.select();
      })
      .catch(function (error) { showError(tokenError, error.message); })
      .then(function () { submit.disabled = false; });
  });

  $('copy-token').addEventListener('click', function () {
    var done = function () { tokenStatus.textContent = 'Copied to the clipboard.'; };
    var manual = function () {
      tokenValue.focus();
      tokenValue.select();
      tokenStatus.textContent = 'Press Ctrl+C (or \u2318C) to copy the selected token.';
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(tokenValue.value).then(done, manual);
    else manual();
  });

  rows.addEventListener('click', function (event) {
    var button = event.target.closest('.revoke');
    if (!button) return;
    pendingRevoke = button;
    $('revoke-name').textContent = button.getAttribute('data-name');
    showError(revokeError, '');
    // Cancel is the safe default, so it takes the focus.
    openDialog(revokeDialog, button, revokeDialog.querySelector('[data-close]'));
  });

  $('revoke-confirm').addEventListener('click', function () {
    var button = pendingRevoke;
    var confirm = $('revoke-confirm');
    confirm.disabled = true;
    api('DELETE', '/api/tokens/' + encodeURIComponent(button.getAttribute('data-id')))
      .then(function () {
        var name = button.getAttribute('data-name');
        button.closest('tr').remove();
        if (!rows.querySelector('tr[data-token-id]')) $('no-tokens').hidden = false;
        returnFocusTo = newButton;
        revokeDialog.close();
        pageStatus.textContent = 'Token \u201c' + name + '\u201d revoked.';
      })
      .catch(function (error) { showError(revokeError, error.message); })
      .then(function () { confirm.disabled = false; });
  });
})();
`;
