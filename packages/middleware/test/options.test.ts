import { expect } from 'chai';
import { authenticate, BearerTokenStrategy, MemoryTokenStore, requireAnyScope, requireScopes, TokenIssuer, TokenVerifier } from '../src/index.js';
import { PEPPER } from './helpers.js';

const store = new MemoryTokenStore();

describe('options are checked at construction', () => {
  it('suggests the option a typo meant', () => {
    expect(() => new TokenVerifier({ store, peper: PEPPER } as never)).to.throw(TypeError, 'unsupported option `peper`. Did you mean `pepper`?');
    expect(() => authenticate(new TokenVerifier({ store, pepper: PEPPER }), { allowQuerry: true } as never)).to.throw(
      'Did you mean `allowQuery`?',
    );
  });

  it('needs a store with every method, naming what is missing', () => {
    expect(() => new TokenVerifier({ store: { findById() {} }, pepper: PEPPER } as never)).to.throw(
      TypeError,
      'option `store` must implement TokenStore (missing insert, listByOwner, revoke, touch)',
    );
  });

  it('needs a pepper of 32 bytes or more, and says how to make one', () => {
    expect(() => new TokenVerifier({ store, pepper: 'short' })).to.throw(TypeError, 'randomBytes(32)');
    expect(() => new TokenIssuer({ store, pepper: undefined as never, scopes: ['a'] })).to.throw(TypeError, '`pepper`');
  });

  it('refuses bad numbers, prefixes, booleans and realms', () => {
    expect(() => new TokenVerifier({ store, pepper: PEPPER, touchIntervalMs: -1 })).to.throw('`touchIntervalMs` must be a whole number');
    expect(() => new TokenVerifier({ store, pepper: PEPPER, prefix: 'Bad_Prefix' })).to.throw('`prefix`');
    const verifier = new TokenVerifier({ store, pepper: PEPPER });
    expect(() => new BearerTokenStrategy(verifier, { allowQuery: 'yes' as never })).to.throw('`allowQuery` must be true or false');
    expect(() => authenticate(verifier, { realm: '' })).to.throw('`realm`');
  });

  it('both adapters need a verifier first, and show the call that works', () => {
    for (const bad of [undefined, {}, store]) {
      expect(() => new BearerTokenStrategy(bad as never)).to.throw(
        TypeError,
        'patgate: BearerTokenStrategy needs a TokenVerifier as its first argument: new BearerTokenStrategy(new TokenVerifier({ store, pepper }))',
      );
      expect(() => authenticate(bad as never)).to.throw(
        TypeError,
        'patgate: authenticate() needs a TokenVerifier as its first argument: authenticate(new TokenVerifier({ store, pepper }))',
      );
    }
  });

  it('refuses a realm a header cannot carry, naming `realm` and the fix', () => {
    const verifier = new TokenVerifier({ store, pepper: PEPPER });
    for (const realm of ['acme €', 'tab\there', 'line\nbreak', '\u007f']) {
      expect(() => authenticate(verifier, { realm }), JSON.stringify(realm)).to.throw(TypeError, /option `realm` must be printable ASCII/);
      expect(() => new BearerTokenStrategy(verifier, { realm }), JSON.stringify(realm)).to.throw(TypeError, /`realm`.*such as 'acme'/);
    }
    expect(() => authenticate(verifier, { realm: 'Acme API "v2" ~ ok' })).not.to.throw();
  });

  it('checks issuer policy options', () => {
    expect(() => new TokenIssuer({ store, pepper: PEPPER, scopes: [] })).to.throw('`scopes`');
    expect(() => new TokenIssuer({ store, pepper: PEPPER, scopes: ['a'], defaultLifespanMs: 10, maxLifespanMs: 5 })).to.throw('`defaultLifespanMs`');
    expect(() => new TokenIssuer({ store, pepper: PEPPER, scopes: ['bad scope'] })).to.throw('without spaces');
  });

  it('guards need at least one well-formed scope', () => {
    expect(() => requireScopes()).to.throw("requireScopes('streams:read')");
    expect(() => requireAnyScope('a"b')).to.throw('quotes');
  });

  it('the strategy is named bearer unless told otherwise', () => {
    const verifier = new TokenVerifier({ store, pepper: PEPPER });
    expect(new BearerTokenStrategy(verifier).name).to.equal('bearer');
    expect(new BearerTokenStrategy(verifier, { name: 'pat' }).name).to.equal('pat');
  });
});
