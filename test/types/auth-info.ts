// Compiled by `npm run typecheck`: patgate's fields are typed through patAuthInfo(req) with no cast, and
// an app that opts in to typing `req.authInfo` itself (as the README shows) gets that too.
import express from 'express';
import { patAuthInfo, requireScopes, type PatAuthInfo } from '@patgate/middleware';

const app = express();

app.get('/streams', requireScopes('streams:read'), (req, res) => {
  const info: PatAuthInfo | undefined = patAuthInfo(req);
  const scopes: readonly string[] | undefined = info?.scopes;
  const tokenId: string | undefined = info?.tokenId;
  const expiresAt: Date | null | undefined = info?.expiresAt;
  // The server opts in (packages/server/src/auth-info.ts), so in this program req.authInfo is PatAuthInfo.
  const direct: PatAuthInfo | undefined = req.authInfo;
  res.json({ scopes, tokenId, expiresAt, direct });
});

export { app };
