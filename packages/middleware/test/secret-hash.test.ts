import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { hashesEqual, hashSecret, normalizePepper } from '../src/secret-hash.js';
import { PEPPER } from './helpers.js';

describe('secret hash', () => {
  it('is HMAC-SHA-256 of the secret under the pepper, in lower-case hex', () => {
    const pepper = normalizePepper(PEPPER);
    expect(hashSecret('s3cret', pepper)).to.equal(createHmac('sha256', PEPPER).update('s3cret').digest('hex'));
    expect(hashSecret('s3cret', pepper)).to.match(/^[0-9a-f]{64}$/);
    expect(hashSecret('s3cret', normalizePepper(`${PEPPER}x`))).not.to.equal(hashSecret('s3cret', pepper));
  });

  it('compares digests: equal, different, and different lengths', () => {
    const a = hashSecret('a', normalizePepper(PEPPER));
    expect(hashesEqual(a, a)).to.equal(true);
    expect(hashesEqual(a, hashSecret('b', normalizePepper(PEPPER)))).to.equal(false);
    expect(hashesEqual(a, a.slice(1))).to.equal(false);
    expect(hashesEqual('', '')).to.equal(true);
  });

  it('accepts string or byte peppers of 32 bytes and more', () => {
    expect(normalizePepper(new Uint8Array(32)).length).to.equal(32);
    expect(() => normalizePepper(new Uint8Array(31))).to.throw(TypeError);
    expect(() => normalizePepper('x'.repeat(31))).to.throw(TypeError);
    expect(() => normalizePepper(42)).to.throw(TypeError);
  });
});
