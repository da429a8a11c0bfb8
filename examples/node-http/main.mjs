import { MemoryTokenStore, TokenIssuer, TokenVerifier } from '@patgate/middleware';
import { createNotesServer } from './server.mjs';

const pepper = process.env.PAT_PEPPER ?? 'dev-only-pepper-change-me-0123456789abcdef';
const store = new MemoryTokenStore();
const verifier = new TokenVerifier({ store, pepper });
const issuer = new TokenIssuer({ store, pepper, scopes: ['notes:read', 'notes:write'], verifier });
const { token } = await issuer.create({ ownerId: 'alice', name: 'node:http example', scopes: ['notes:read'] });
const port = Number(process.env.PORT ?? 3000);
createNotesServer({ verifier }).listen(port, '127.0.0.1', () => {
  console.log(`Your token (shown once): ${token}`);
  console.log(`curl -H "x-api-key: ${token}" http://127.0.0.1:${port}/notes`);
});
