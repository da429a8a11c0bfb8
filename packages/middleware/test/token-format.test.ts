import { expect } from 'chai';
import { generateToken, parseToken } from '../src/index.js';
import { checkToken } from '../src/token-format.js';

describe('token format', () => {
  it('generates <prefix>_<id 10><secret 32><checksum 6> in base62', () => {
    const { token, id, secret, lastChars } = generateToken();
    expect(token).to.match(/^pat_[0-9A-Za-z]{48}$/);
    expect(token.slice(4, 14)).to.equal(id);
    expect(token.slice(14, 46)).to.equal(secret);
    expect(lastChars).to.equal(token.slice(-6));
  });

  it('parses what it generates, with a custom prefix too', () => {
    const { token, id, secret } = generateToken('acme');
    expect(parseToken(token, 'acme')).to.deep.equal({ id, secret });
    expect(parseToken(token, 'pat')).to.equal(null);
  });

  it('rejects a changed character through the checksum', () => {
    const { token } = generateToken();
    const i = 20;
    const changed = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
    expect(checkToken(changed).problem).to.equal('checksum');
  });

  it('rejects every other checksum text, including ones that spell a number of 2^32 or more', () => {
    const { token } = generateToken();
    const head = token.slice(0, -6);
    for (const checksum of ['zzzzzz', '000000', '4gfFC4', '4gfFC3', token.slice(-6).split('').reverse().join('')]) {
      if (checksum === token.slice(-6)) continue;
      expect(checkToken(head + checksum).problem, checksum).to.equal('checksum');
    }
    expect(checkToken(token).parsed).to.not.equal(null);
  });

  it('rejects wrong shapes as malformed', () => {
    const { token } = generateToken();
    for (const bad of ['', 'pat_', token.slice(0, -1), `${token}x`, token.replace('pat_', 'pat-'), `${token.slice(0, -6)}!!!!!!`]) {
      expect(checkToken(bad).problem, bad).to.equal('malformed');
    }
  });

  it('draws ids and secrets without collisions or bias in a sample', () => {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const { id, secret } = generateToken();
      seen.add(id);
      for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(seen.size).to.equal(2000);
    expect(counts.size).to.equal(62);
    // 64,000 characters over 62 symbols: about 1032 each; a skewed mapping would leave some far off.
    for (const n of counts.values()) expect(n).to.be.within(800, 1300);
  });
});
