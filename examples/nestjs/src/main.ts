import { createNestApp } from './create-app.js';
import type { AppUser } from './patgate.js';

// `npm start`: one user, one token printed once, the app on 127.0.0.1:3000.
const port = Number(process.env.PORT ?? 3000);
const pepper = process.env.PAT_PEPPER ?? 'dev-only-pepper-change-me-0123456789abcdef';
const users = new Map<string, AppUser>([['alice', { id: 'alice', suspended: false }]]);
const { app, issuer } = await createNestApp({ pepper, users });
const { token } = await issuer.create({ ownerId: 'alice', name: 'nest example', scopes: ['notes:read'] });
await app.listen(port, '127.0.0.1');
console.log(`Your token (shown once): ${token}`);
console.log(`curl -H "Authorization: Bearer ${token}" http://127.0.0.1:${port}/notes`);
