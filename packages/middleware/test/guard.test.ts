import express from 'express';
import request from 'supertest';
import { expect } from 'chai';
import { patgateErrorHandler, requireAnyScope, requireScopes, scopeGuards } from '../src/index.js';
import type { RequestHandler } from 'express';
import { expectFailsWith } from './helpers.js';

const forbidden = (description: string, scope: string) =>
  `Bearer realm="patgate", error="insufficient_scope", error_description="${description}", scope="${scope}"`;

/** An app whose requests hold `held` (as a verified token would leave them), then `guard`. */
function appWith(held: readonly string[] | null, guard: RequestHandler) {
  const app = express();
  app.use((req, _res, next) => {
    if (held) req.authInfo = { tokenId: 't', scopes: held, expiresAt: null };
    next();
  });
  app.get('/', guard, (_req, res) => res.send('ok'));
  app.use(patgateErrorHandler());
  return app;
}

describe('scope guards', () => {
  it('take names, arrays of names, or both, with the same meaning', async () => {
    for (const guard of [requireScopes('a', 'b'), requireScopes(['a', 'b']), requireScopes('a', ['b'])]) {
      expect((await request(appWith(['a', 'b'], guard)).get('/')).status).to.equal(200);
      expectFailsWith(await request(appWith(['a'], guard)).get('/'), 403, forbidden('This action needs the scopes a, b', 'a b'), 'insufficient_scope');
    }
    const any = requireAnyScope(['a', 'b']);
    expect((await request(appWith(['b'], any)).get('/')).status).to.equal(200);
    expectFailsWith(await request(appWith(['c'], any)).get('/'), 403, forbidden('This action needs one of the scopes a, b', 'a b'), 'insufficient_scope');
  });

  it('answer 401 when nothing authenticated the request', async () => {
    expectFailsWith(await request(appWith(null, requireScopes(['a']))).get('/'), 401, 'Bearer realm="patgate"', 'token_required');
  });

  it('refuse an empty list or a malformed name at construction', () => {
    expect(() => requireScopes([])).to.throw("requireScopes('streams:read')");
    expect(() => requireAnyScope(['ok', 'a b'])).to.throw('without spaces');
  });

  describe('scopeGuards(vocabulary)', () => {
    const { requireScopes: typedAll, requireAnyScope: typedAny } = scopeGuards(['notes:read', 'notes:write']);

    it('behave like the plain guards for names in the vocabulary', async () => {
      expect((await request(appWith(['notes:read'], typedAll('notes:read'))).get('/')).status).to.equal(200);
      expectFailsWith(
        await request(appWith(['notes:read'], typedAll(['notes:read', 'notes:write']))).get('/'),
        403,
        forbidden('This action needs the scopes notes:read, notes:write', 'notes:read notes:write'),
        'insufficient_scope',
      );
      expect((await request(appWith(['notes:write'], typedAny('notes:read', 'notes:write'))).get('/')).status).to.equal(200);
    });

    it('throw at construction for a name outside the vocabulary (for JavaScript callers)', () => {
      // @ts-expect-error 'note:read' is not in the vocabulary, which is the point of the test.
      expect(() => typedAll('note:read')).to.throw(/'note:read', not in the scope vocabulary/);
      // @ts-expect-error as above, inside an array
      expect(() => typedAny(['notes:read', 'notes:delete'])).to.throw(/'notes:delete'/);
    });

    it('needs a non-empty vocabulary of well-formed names', () => {
      expect(() => scopeGuards([])).to.throw('scopeGuards needs the list');
      expect(() => scopeGuards(['a"b'])).to.throw('quotes');
    });
  });
});
