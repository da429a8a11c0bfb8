#!/usr/bin/env node
// Runs the call from the "Personal Access Tokens" documentation against a patgate server and prints the
// answer. Node's fetch needs an absolute URL, so the base URL is prepended; the rest of the call is the
// documentation's, character for character, so that if it works here it works as written.
//
//   PATGATE_TOKEN=pat_... node examples/seed-fetch/index.mjs
//
// PATGATE_URL defaults to http://127.0.0.1:3000 (the server's default HOST and PORT). Exit code 0 when the
// server answered with data and no errors, 1 when it refused or answered with errors, 2 for a usage error.

const baseUrl = (process.env.PATGATE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]/.test(baseUrl)) {
  console.error(`PATGATE_URL must be an address such as http://127.0.0.1:3000 (with http:// or https://); got ${baseUrl}`);
  process.exit(2);
}
const token = process.env.PATGATE_TOKEN;
if (!token) {
  console.error('Set PATGATE_TOKEN to a personal access token with the profile:read and streams:read scopes,');
  console.error('for example from `npx patgate token create --user you@example.com --name seed --scopes profile:read,streams:read`.');
  process.exit(2);
}

// A server that is not running makes fetch reject; say so in one line instead of a stack trace.
process.on('uncaughtException', (error) => {
  const reason = error.cause?.code ?? error.cause?.message ?? error.message;
  console.error(`Could not reach ${baseUrl} (${reason}). Is the server running (npm start)?`);
  process.exit(1);
});

// ---- the documentation's call, byte for byte but for `baseUrl + ` ----
let res = await fetch(baseUrl + '/graphql', {
  method: 'POST',
  headers: {
    Authorization: 'Bearer ' + token, // <- Passing in the token!
    'Content-Type': 'application/json'
  },
  body: JSON.stringify({ query: `{ user { id streams { totalCount } } }` })
})
// ---- end of the documentation's call ----

const text = await res.text();
let body;
try {
  body = JSON.parse(text);
} catch {
  console.error(`HTTP ${res.status}: the answer is not JSON:\n${text}`);
  process.exit(1);
}
if (!res.ok || body.errors) {
  // A 401 or 403 carries the reason in WWW-Authenticate as well as in the body.
  const challenge = res.headers.get('www-authenticate');
  console.error(`HTTP ${res.status}${challenge ? ` (WWW-Authenticate: ${challenge})` : ''}`);
  console.error(JSON.stringify(body, null, 2));
  process.exit(1);
}
console.log(JSON.stringify(body, null, 2));
const { user } = body.data;
console.error(`user ${user.id} has a role on ${user.streams.totalCount} stream(s)`);
