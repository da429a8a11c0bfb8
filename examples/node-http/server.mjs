// patgate behind plain node:http: no Express, no Passport (both are optional peers of the package).
import { createServer } from 'node:http';
import { extractToken, InsufficientScopeError, isPatgateError, TokenRequiredError } from '@patgate/middleware';

function send(res, status, headers, body) {
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * A server whose one route, GET /notes, needs a token with `notes:read`, sent as
 * `Authorization: Bearer <token>` or in `x-api-key`. Every refusal is patgate's RFC 6750 error: its
 * status, its WWW-Authenticate header and its JSON body.
 */
export function createNotesServer({ verifier }) {
  return createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' || new URL(req.url, 'http://localhost').pathname !== '/notes') {
        return send(res, 404, {}, { error: { code: 'not_found', message: 'No such route' } });
      }
      const token = extractToken(req, { header: 'x-api-key' });
      if (token === undefined) throw new TokenRequiredError();
      const result = await verifier.verify(token);
      if (!result.ok) throw result.error;
      if (!result.info.scopes.includes('notes:read')) throw new InsufficientScopeError(['notes:read']);
      send(res, 200, {}, { owner: result.user.id, scopes: result.info.scopes, notes: [] });
    } catch (error) {
      if (isPatgateError(error)) return send(res, error.status, error.headers, error.toJSON());
      // A store fault: log it, never show it.
      console.error(error);
      send(res, 500, {}, { error: { code: 'internal_error', message: 'Something went wrong on our side' } });
    }
  });
}
