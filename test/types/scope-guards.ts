// Compiled by `npm run typecheck`: an app that types its scope vocabulary with scopeGuards() cannot
// compile a misspelt scope. Each `@ts-expect-error` fails the typecheck if the line ever compiles.
import express from 'express';
import { requireScopes as untyped, scopeGuards } from '@patgate/middleware';

const SCOPES = ['notes:read', 'notes:write'] as const;
const { requireScopes, requireAnyScope } = scopeGuards(SCOPES);
const app = express();

// Never called: building the guards with a bad name would also throw at run time.
export function routes(): void {
  app.get('/notes', requireScopes('notes:read'), (_req, res) => res.end());
  app.post('/notes', requireScopes(['notes:read', 'notes:write']), (_req, res) => res.end());
  app.get('/either', requireAnyScope('notes:read', ['notes:write']), (_req, res) => res.end());
  // Untyped guards still take any string.
  app.get('/any', untyped('whatever:read'), (_req, res) => res.end());

  // @ts-expect-error 'note:read' is not in the vocabulary
  requireScopes('note:read');
  // @ts-expect-error nor inside an array
  requireAnyScope(['notes:read', 'notes:delete']);
}
