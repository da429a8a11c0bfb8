import { expect } from 'chai';
import { challenge, InsufficientScopeError, InvalidRequestError, InvalidTokenError, TokenRequiredError } from '../src/index.js';

describe('errors', () => {
  it('builds challenges and escapes quotes and backslashes', () => {
    expect(challenge('patgate')).to.equal('Bearer realm="patgate"');
    expect(challenge('a"b\\c', { error: 'x' })).to.equal('Bearer realm="a\\"b\\\\c", error="x"');
  });

  it('carries status, code, headers and name', () => {
    const cases = [
      [new TokenRequiredError(), 401, 'token_required', 'Bearer realm="patgate"'],
      [new InvalidRequestError('Bad'), 400, 'invalid_request', 'Bearer realm="patgate", error="invalid_request", error_description="Bad"'],
      [new InvalidTokenError(), 401, 'invalid_token', 'Bearer realm="patgate", error="invalid_token", error_description="The access token is invalid"'],
      [
        new InsufficientScopeError(['a:b', 'c:d']),
        403,
        'insufficient_scope',
        'Bearer realm="patgate", error="insufficient_scope", error_description="This action needs the scopes a:b, c:d", scope="a:b c:d"',
      ],
    ] as const;
    for (const [error, status, code, header] of cases) {
      expect(error.status).to.equal(status);
      expect(error.statusCode).to.equal(status);
      expect(error.code).to.equal(code);
      expect(error.headers['WWW-Authenticate']).to.equal(header);
      expect(error.name).to.equal(error.constructor.name);
      expect(error.toJSON()).to.deep.equal({ error: { code, message: error.message } });
      expect(error).to.be.instanceOf(Error);
    }
  });

  it('carries no stack frames (an answer, not a fault), and leaves the stack limit as it was', () => {
    const before = Error.stackTraceLimit;
    for (const error of [new TokenRequiredError(), new InvalidRequestError('Bad'), new InvalidTokenError('secret'), new InsufficientScopeError(['a:b'])]) {
      expect(error.stack).to.equal(`${error.name}: ${error.message}`);
      expect(error).to.be.instanceOf(Error);
    }
    expect(Error.stackTraceLimit).to.equal(before);
    expect(new Error('a fault').stack).to.match(/\n\s+at /);
  });

  it('gives each refusal its own object and headers, so a handler that marks one marks no other', () => {
    const [one, two] = [new InvalidTokenError('secret'), new InvalidTokenError('secret')];
    expect(one).not.to.equal(two);
    expect(one.headers).not.to.equal(two.headers);
    expect(one.headers).to.deep.equal(two.headers);
    (one.headers as Record<string, string>)['X-Seen'] = 'yes';
    expect(new InvalidTokenError('secret').headers).not.to.have.property('X-Seen');
  });
});

