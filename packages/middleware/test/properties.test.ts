/**
 * Property-based tests (fast-check) of header parsing and the verifier. The seed is fixed so every run
 * checks the same inputs; set PATGATE_FC_SEED to explore others (fast-check prints the seed and the
 * shrunk counterexample of a failure).
 */
import express from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { expect } from 'chai';
import { authenticate, generateToken, PatgateError, patgateErrorHandler, TokenIssuer, TokenVerifier } from '../src/index.js';
import { authenticateRequest, resolveAuthenticateOptions } from '../src/request-auth.js';
import { assembleToken, checkToken } from '../src/token-format.js';
import { PEPPER, RecordingStore } from './helpers.js';

const seed = Number(process.env.PATGATE_FC_SEED ?? 20261201);
const runs = (numRuns: number) => ({ numRuns, seed });

/** A challenge as RFC 7235 writes it: `Bearer` then `name="quoted string"` pairs, nothing a header cannot carry. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const CHALLENGE = /^Bearer realm="(?:[^"\\\x00-\x1f\x7f]|\\["\\])*"(?:, [a-z_]+="(?:[^"\\\x00-\x1f\x7f]|\\["\\])*")*$/;

/** Any string, and strings that look like the start of a Bearer header, which reach the deeper checks. */
const headerValue = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary' }).map((rest) => `Bearer ${rest}`),
  fc.tuple(fc.constantFrom('bearer', 'BEARER', 'Bearer', 'Basic', 'bearer\t'), fc.stringMatching(/^ {0,3}$/), fc.string({ unit: 'grapheme-ascii' })).map(
    ([scheme, spaces, rest]) => `${scheme}${spaces}${rest}`,
  ),
  fc.constant(null).map(() => generateToken('pat').token).chain((token) => fc.constantFrom(`Bearer ${token}`, `Bearer  ${token} `, `bearer ${token}x`)),
);

function expectWellFormedRefusal(error: unknown): void {
  expect(error).to.be.instanceOf(PatgateError);
  const { status, headers } = error as PatgateError;
  expect([400, 401]).to.include(status);
  expect(headers['WWW-Authenticate']).to.match(CHALLENGE);
}

describe('properties: header parsing and the verifier', () => {
  const store = new RecordingStore();
  const verifier = new TokenVerifier({ store, pepper: PEPPER });
  const issuer = new TokenIssuer({ store, pepper: PEPPER, scopes: ['a:read'] });
  const resolved = resolveAuthenticateOptions('properties', {});

  it('P1: any string as the Authorization header is refused with 400 or 401 and a well-formed challenge, never another error (2,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (value) => {
        const source = { headers: { authorization: value }, rawHeaders: ['Authorization', value], method: 'GET' };
        let outcome: unknown;
        try {
          outcome = await authenticateRequest(source, verifier, resolved);
        } catch (error) {
          outcome = error;
        }
        // No real token can appear here. `null` is "no bearer token" (no header, another scheme), which both
        // adapters answer with the 401 token_required challenge; anything else must be a refusal, returned
        // (`{ error }`) or thrown.
        if (outcome === null) return;
        expectWellFormedRefusal(outcome instanceof Error ? outcome : (outcome as { error?: unknown }).error);
      }),
      runs(2000),
    );
  });

  it('P2: the same over HTTP through authenticate(): any header a client can send gets 400 or 401 with a JSON body and a well-formed challenge (300 runs)', async () => {
    const app = express();
    app.get('/', authenticate(verifier), (_req, res) => res.json({ ok: true }));
    app.use(patgateErrorHandler());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      // What an HTTP client can put in a header: visible Latin-1 and spaces/tabs, no CR, LF or NUL.
      const sendable = headerValue.map((value) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '').trim()).filter((value) => value !== '');
      await fc.assert(
        fc.asyncProperty(sendable, async (value) => {
          const res = await request(server).get('/').set('Authorization', value);
          expect([400, 401], value).to.include(res.status);
          expect(res.headers['www-authenticate']).to.match(CHALLENGE);
          expect(res.body).to.have.nested.property('error.code').that.is.oneOf(['invalid_request', 'invalid_token', 'token_required']);
        }),
        runs(300),
      );
    } finally {
      server.close();
    }
  });

  it('P3: any one-character change of a valid token (substitution, insertion, deletion) is refused, without a store call (1,000 runs)', async () => {
    const { token } = await issuer.create({ ownerId: 'u1', name: 'real', scopes: ['a:read'] });
    expect((await verifier.verify(token)).ok).to.equal(true);
    const anyChar = fc.oneof(fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('replace' as const), at: fc.nat({ max: token.length - 1 }), char: anyChar }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: token.length }), char: anyChar }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat({ max: token.length - 1 }), char: fc.constant('') }),
    );
    const apply = ({ kind, at, char }: { kind: 'replace' | 'insert' | 'delete'; at: number; char: string }) =>
      token.slice(0, at) + char + token.slice(kind === 'insert' ? at : at + 1);
    await fc.assert(
      fc.asyncProperty(
        edit.filter((e) => apply(e) !== token),
        async (e) => {
          const changed = apply(e);
          const before = store.count('findById');
          const result = await verifier.verify(changed);
          expect(result.ok, changed).to.equal(false);
          // CRC32 catches every change of one character (a burst of at most 8 bits), so the offline check
          // refuses each of them and the store is never asked.
          expect(checkToken(changed, 'pat').parsed, 'caught offline').to.equal(null);
          expect(store.count('findById') - before, 'store calls').to.equal(0);
        },
      ),
      runs(1000),
    );
  });

  it('P4: a token with a valid checksum but an unknown id or a wrong secret is refused with the one generic message (500 runs)', async () => {
    const { token } = await issuer.create({ ownerId: 'u1', name: 'real', scopes: ['a:read'] });
    const messages = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), async (sameId) => {
        const other = generateToken('pat').token;
        // Same id with a fresh secret (and a correct checksum), or an id no token has.
        const forged = sameId ? assembleToken('pat', token.slice(4, 14), other.slice(14, 46)) : other;
        const result = await verifier.verify(forged);
        expect(result.ok).to.equal(false);
        if (!result.ok) messages.add(`${result.error.status} ${result.error.message} ${result.error.headers['WWW-Authenticate']}`);
      }),
      runs(500),
    );
    expect([...messages]).to.have.length(1);
  });
});
