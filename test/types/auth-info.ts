// Compiled by `npm run typecheck`: proves `req.authInfo` is typed for apps that use patgate, with no cast.
import express from 'express';
import { requireScopes, type PatAuthInfo } from '@patgate/middleware';

const app = express();

app.get('/streams', requireScopes('streams:read'), (req, res) => {
  const scopes: readonly string[] | undefined = req.authInfo?.scopes;
  const tokenId: string | undefined = req.authInfo?.tokenId;
  const expiresAt: Date | null | undefined = req.authInfo?.expiresAt;
  const info: PatAuthInfo | undefined = req.authInfo;
  res.json({ scopes, tokenId, expiresAt, info });
});

export { app };
