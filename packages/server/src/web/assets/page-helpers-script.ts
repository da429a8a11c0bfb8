/**
 * The first half of the profile page's script: helpers the token code uses. Plain browser JavaScript in a
 * string, inside the one function `PROFILE_SCRIPT` wraps around both halves (so they share its variables).
 *
 * - `api(method, path, body)`: JSON over fetch with the session cookie and the CSRF header.
 * - `openDialog` / close handling: focus moves into a dialog and back to what opened it.
 * - `[data-copy]` buttons copy the value or text of the element they name.
 * - `time[data-when]`: the viewer's local date and time (`Intl.DateTimeFormat`, the browser's time zone),
 *   a relative form after it (`Intl.RelativeTimeFormat`: "in 29 days", "3 hours ago"), the UTC instant as
 *   the tooltip; relative forms are refreshed every minute.
 */
export const PAGE_HELPERS_SCRIPT = String.raw`
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  var $ = function (id) { return document.getElementById(id); };

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

  // Each dialog remembers what opened it; on close (Escape included) focus goes back there, unless another
  // dialog has opened meanwhile (Regenerate closes its confirmation and opens the token dialog).
  var openers = new Map();
  function openDialog(dialog, opener, focusTarget) {
    openers.set(dialog, opener);
    dialog.showModal();
    if (focusTarget) focusTarget.focus();
  }
  function setOpener(dialog, opener) { openers.set(dialog, opener); }
  document.querySelectorAll('dialog').forEach(function (dialog) {
    dialog.addEventListener('close', function () {
      var target = openers.get(dialog);
      openers.delete(dialog);
      if (document.querySelector('dialog[open]')) return;
      (target && document.contains(target) ? target : $('new-token')).focus();
    });
    dialog.querySelectorAll('[data-close]').forEach(function (button) {
      button.addEventListener('click', function () { dialog.close(); });
    });
  });

  // navigator.clipboard exists only in secure contexts (https, localhost); over plain HTTP on another host
  // name, copying the selection with execCommand still works; failing both, the text is left selected.
  function select(source) {
    if ('select' in source) { source.focus(); source.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(source);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) return;
    var source = $(button.getAttribute('data-copy'));
    var text = 'value' in source ? source.value : source.textContent;
    var status = button.closest('dialog').querySelector('.status');
    var copied = function () { status.textContent = 'Copied to the clipboard.'; };
    var fallback = function () {
      select(source);
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      if (ok) copied();
      else status.textContent = 'Press Ctrl+C (or \u2318C) to copy the selection.';
      button.focus();
    };
    status.textContent = '';
    if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(copied, fallback);
    else fallback();
  });

  var dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  var relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  var SECOND = 1000, MINUTE = 60 * SECOND, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
  var STEPS = [[360 * DAY, 'year', 365 * DAY], [100 * DAY, 'month', 30 * DAY], [DAY, 'day', DAY], [HOUR, 'hour', HOUR], [MINUTE, 'minute', MINUTE], [0, 'second', SECOND]];

  function relative(date, now) {
    var diff = date.getTime() - now;
    var step = STEPS.find(function (s) { return Math.abs(diff) >= s[0]; });
    return relativeTime.format(Math.round(diff / step[2]), step[1]);
  }

  function renderTime(el) {
    var date = new Date(el.getAttribute('datetime'));
    if (isNaN(date.getTime())) return;
    el.textContent = dateTime.format(date);
    el.title = date.toISOString().slice(0, 19) + 'Z (UTC)';
    var rel = el.nextElementSibling;
    if (!rel || !rel.classList.contains('relative')) {
      rel = document.createElement('span');
      rel.className = 'relative';
      el.after(rel);
    }
    rel.textContent = relative(date, Date.now());
  }

  function setTime(el, iso) {
    el.setAttribute('datetime', iso);
    renderTime(el);
  }

  document.querySelectorAll('time[data-when]').forEach(renderTime);
  setInterval(function () { document.querySelectorAll('time[data-when][datetime]').forEach(renderTime); }, MINUTE);
`;
