// patgate's own middleware over MemoryTokenStore, the way its README sets it up.
import { randomBytes } from 'node:crypto';
import express from 'express';
import passport from 'passport';
import { authenticate, BearerTokenStrategy, MemoryTokenStore, patgateErrorHandler, requireScopes, TokenIssuer, TokenVerifier } from '@patgate/middleware';
import { ok, TOKEN_COUNT, type Built, type Tokens } from './common.js';

const owner = (ownerId: string) => ({ ownerId, name: 'bench', scopes: ['read'] });

/** TOKEN_COUNT tokens minted through TokenIssuer (one per owner), and the refusals the floods send. */
async function mint(): Promise<{ verifier: TokenVerifier; tokens: Tokens }> {
  const store = new MemoryTokenStore();
  const pepper = randomBytes(32).toString('base64url');
  // Cache on, as an app that cares about speed runs it; the store is in memory either way.
  const verifier = new TokenVerifier({ store, pepper, cacheTtlMs: 60_000, cacheMaxEntries: 200_000 });
  const issuer = new TokenIssuer({ store, pepper, scopes: ['read'] });
  let valid = '';
  for (let i = 0; i < TOKEN_COUNT; i++) valid = (await issuer.create(owner(`u${i}`))).token;
  // Tokens of the right shape with real checksums, hashed under another pepper: one kept in another store
  // (an unknown id here), one kept in this store (its id is known here, its secret is wrong).
  const otherPepper = randomBytes(32).toString('base64url');
  const unknownId = (await new TokenIssuer({ store: new MemoryTokenStore(), pepper: otherPepper, scopes: ['read'] }).create(owner('x'))).token;
  const wrongSecret = (await new TokenIssuer({ store, pepper: otherPepper, scopes: ['read'] }).create(owner('x'))).token;
  const badChecksum = valid.slice(0, -1) + (valid.endsWith('A') ? 'B' : 'A');
  return { verifier, tokens: { valid, unknownId, badChecksum, wrongSecret } };
}

/** `authenticate()` + `requireScopes`, no Passport. */
export async function patgateAuthenticate(): Promise<Built> {
  const { verifier, tokens } = await mint();
  const app = express();
  app.get('/r', authenticate(verifier), requireScopes('read'), ok);
  app.use(patgateErrorHandler());
  return { app, tokens };
}

/** `BearerTokenStrategy` through Passport, then `requireScopes`. */
export async function patgateStrategy(): Promise<Built> {
  const { verifier, tokens } = await mint();
  passport.use(new BearerTokenStrategy(verifier));
  const app = express();
  app.use(passport.initialize());
  app.get('/r', passport.authenticate('bearer', { session: false, failWithError: true }), requireScopes('read'), ok);
  app.use(patgateErrorHandler());
  return { app, tokens };
}
