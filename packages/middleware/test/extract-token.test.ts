import { expect } from 'chai';
import { InvalidRequestError } from '../src/index.js';
import { extractToken, type TokenSource } from '../src/extract-token.js';

const off = { allowQuery: false, allowBody: false, realm: 'patgate' };
const on = { allowQuery: true, allowBody: true, realm: 'patgate' };
const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

function source(parts: Partial<TokenSource>): TokenSource {
  return { headers: {}, method: 'POST', ...parts };
}

describe('extractToken', () => {
  it('reads the Bearer header: any case, one or more spaces, b64token characters', () => {
    for (const header of ['Bearer abc', 'bearer abc', 'BEARER   abc', 'Bearer abc ']) {
      expect(extractToken(source({ headers: { authorization: header } }), off), header).to.equal('abc');
    }
    expect(extractToken(source({ headers: { authorization: 'Bearer a-b.c_d~e+f/g==' } }), off)).to.equal('a-b.c_d~e+f/g==');
  });

  it('treats no header and other schemes as no token', () => {
    expect(extractToken(source({}), off)).to.equal(undefined);
    expect(extractToken(source({ headers: { authorization: 'Basic dTpw' } }), off)).to.equal(undefined);
    expect(extractToken(source({ headers: { authorization: 'Bearerx abc' } }), off)).to.equal(undefined);
  });

  it('refuses a malformed Bearer header', () => {
    for (const header of ['Bearer', 'Bearer a b', 'Bearer a=b', 'Bearer\tabc', 'Bearer ä']) {
      expect(() => extractToken(source({ headers: { authorization: header } }), off), header).to.throw(InvalidRequestError);
    }
  });

  it('ignores query and body unless allowed; reads a form body only', () => {
    const both = source({ query: { access_token: 'q' }, body: { access_token: 'b' }, headers: form });
    expect(extractToken(both, off)).to.equal(undefined);
    expect(extractToken(source({ query: { access_token: 'q' } }), on)).to.equal('q');
    expect(extractToken(source({ body: { access_token: 'b' }, headers: form }), on)).to.equal('b');
    expect(extractToken(source({ body: { access_token: 'b' }, headers: { 'content-type': 'application/json' } }), on)).to.equal(undefined);
    expect(extractToken(source({ body: { access_token: 'b' }, headers: form, method: 'GET' }), on)).to.equal(undefined);
  });

  it('refuses a token in two places, or a repeated parameter', () => {
    expect(() => extractToken(source({ query: { access_token: 'q' }, headers: { authorization: 'Bearer h' } }), on)).to.throw(
      InvalidRequestError,
      'exactly one place',
    );
    expect(() => extractToken(source({ query: { access_token: ['a', 'b'] } }), on)).to.throw(InvalidRequestError, 'must appear once');
  });
});
