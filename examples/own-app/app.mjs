// patgate in your own Express app: a notes API guarded by personal access tokens.
// Copy this file; replace MemoryTokenStore with a store for your database when you outgrow one process.
import express from 'express';
import passport from 'passport';
import {
  BearerTokenStrategy,
  MemoryTokenStore,
  TokenIssuer,
  TokenVerifier,
  patgateErrorHandler,
  requireAnyScope,
  requireScopes,
} from '@patgate/middleware';

/**
 * Builds the app. `pepper` is your server secret (32 bytes or more), kept out of the database.
 * Returns the app and the issuer, which your settings page (or this example's start-up) uses to mint tokens.
 */
export function createApp({ pepper, store = new MemoryTokenStore(), now } = {}) {
  const verifier = new TokenVerifier({ store, pepper, now });
  const issuer = new TokenIssuer({
    store,
    pepper,
    verifier,
    now,
    scopes: ['notes:read', 'notes:write', 'tokens:write'],
    ungrantableScopes: ['tokens:write'],
    maxLifespanMs: 90 * 86_400_000,
  });

  // A private Passport instance keeps this app's strategies apart from any other in the process.
  const auth = new passport.Passport();
  auth.use(new BearerTokenStrategy(verifier));
  // failWithError hands refusals to patgateErrorHandler() below, for the JSON body (see the middleware README).
  const bearer = auth.authenticate('bearer', { session: false, failWithError: true });

  const notes = [];
  const app = express();
  app.use(express.json({ limit: '10kb' }));
  app.use(auth.initialize());

  app.get('/notes', bearer, requireScopes('notes:read'), (req, res) => {
    res.json(notes.filter((note) => note.owner === req.user.id));
  });
  app.post('/notes', bearer, requireScopes('notes:write'), (req, res) => {
    const text = typeof req.body?.text === 'string' ? req.body.text.slice(0, 500) : '';
    const note = { id: notes.length + 1, owner: req.user.id, text };
    notes.push(note);
    res.status(201).json(note);
  });
  // Either scope is enough to ask who the token belongs to.
  app.get('/whoami', bearer, requireAnyScope('notes:read', 'notes:write'), (req, res) => {
    res.json({ user: req.user.id, token: req.authInfo.tokenId, scopes: req.authInfo.scopes });
  });

  app.use(patgateErrorHandler());
  return { app, issuer };
}
