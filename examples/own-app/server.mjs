// Runs the example: node server.mjs, then use the token it prints.
import { randomBytes } from 'node:crypto';
import { createApp } from './app.mjs';

const pepper = process.env.PAT_PEPPER ?? randomBytes(32).toString('base64url');
const { app, issuer } = createApp({ pepper });
const { token } = await issuer.create({ ownerId: 'alice', name: 'example', scopes: ['notes:read', 'notes:write'] });
const port = Number(process.env.PORT ?? 4000);
app.listen(port, '127.0.0.1', () => {
  console.log(`Listening on http://127.0.0.1:${port}`);
  console.log(`A token for alice (shown once): ${token}`);
  console.log(`Try: curl -H "Authorization: Bearer ${token}" http://127.0.0.1:${port}/notes`);
});
