import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { hashSecret, normalizePepper, SecretHasher } from '../src/secret-hash.js';
import { PEPPER } from './helpers.js';

describe('secret hash', () => {
  it('is HMAC-SHA-256 of the secret under the pepper, in lower-case hex', () => {
    const pepper = normalizePepper(PEPPER);
    expect(hashSecret('s3cret', pepper)).to.equal(createHmac('sha256', PEPPER).update('s3cret').digest('hex'));
    expect(hashSecret('s3cret', pepper)).to.match(/^[0-9a-f]{64}$/);
    expect(hashSecret('s3cret', normalizePepper(`${PEPPER}x`))).not.to.equal(hashSecret('s3cret', pepper));
  });

  it('accepts string or byte peppers of 32 bytes and more', () => {
    expect(normalizePepper(new Uint8Array(32)).length).to.equal(32);
    expect(() => normalizePepper(new Uint8Array(31))).to.throw(TypeError);
    expect(() => normalizePepper('x'.repeat(31))).to.throw(TypeError);
    expect(() => normalizePepper(42)).to.throw(TypeError);
  });

  describe('SecretHasher (the verifier\'s HMAC, keyed once)', () => {
    it('gives the same bytes as createHmac for peppers shorter and longer than a block, and for any secret', () => {
      for (const pepperLength of [32, 63, 64, 65, 200]) {
        const pepper = randomBytes(pepperLength);
        const hasher = new SecretHasher(pepper);
        // Short, base62, non-ASCII, empty, at the buffer's edge and beyond it (the createHmac fallback).
        const secrets = ['', 'a', randomBytes(24).toString('base64url'), 'ünïcødé ✓ 🔑', 'ascii first, then ✓', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(500)];
        for (let i = 0; i < 50; i++) secrets.push(randomBytes(1 + (i % 40)).toString('base64'));
        for (const secret of secrets) {
          const expected = createHmac('sha256', pepper).update(secret, 'utf8').digest();
          expect(hasher.digest(secret).equals(expected), `${pepperLength}-byte pepper, ${JSON.stringify(secret)}`).to.equal(true);
          expect(hasher.matches(secret, expected.toString('hex'))).to.equal(true);
        }
      }
    });

    it('matches only the right secret, and never a malformed stored value', () => {
      const pepper = normalizePepper(PEPPER);
      const hasher = new SecretHasher(pepper);
      const stored = hashSecret('right', pepper);
      expect(hasher.matches('right', stored)).to.equal(true);
      expect(hasher.matches('wrong', stored)).to.equal(false);
      // A longer secret after a shorter one: nothing of the earlier call is left in the reused buffer.
      expect(hasher.matches('right-but-longer', hashSecret('right-but-longer', pepper))).to.equal(true);
      expect(hasher.matches('right', stored)).to.equal(true);
      // Hex is read case-insensitively, as Buffer's hex decoding does.
      expect(hasher.matches('right', stored.toUpperCase())).to.equal(true);
      const nonHex = ['g', 'G', ' ', '\u00e9', '\u0660', '-'];
      const wrongChar = nonHex.map((c) => `${stored.slice(0, 31)}${c}${stored.slice(32)}`);
      for (const bad of ['', stored.slice(2), `${stored}00`, `${stored.slice(0, 62)}zz`, 'not hex at all', ...wrongChar]) {
        expect(hasher.matches('right', bad), bad).to.equal(false);
      }
    });
  });
});
