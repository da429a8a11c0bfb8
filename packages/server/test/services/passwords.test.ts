import { expect } from 'chai';
import { hashPassword, passwordMatches } from '../../src/services/passwords.js';

describe('password hashing', () => {
  // Cheap parameters: these tests are about the format, not the cost.
  const cheap = { N: 1024, r: 8, p: 1 };

  it('verifies against the parameters stored in the hash, with a fresh salt each time', async () => {
    const first = await hashPassword('pässword', cheap);
    const second = await hashPassword('pässword', cheap);
    expect(first).to.match(/^scrypt\$1024\$8\$1\$/);
    expect(first).not.to.equal(second);
    expect(await passwordMatches('pässword', first)).to.equal(true);
    // NFKC: the same password typed with a combining accent still matches.
    expect(await passwordMatches('pa\u0308ssword', first)).to.equal(true);
    expect(await passwordMatches('password', first)).to.equal(false);
  });

  it('never matches, and never throws on, a malformed or implausible hash', async () => {
    const good = await hashPassword('pw', cheap);
    const [, , r, p, salt, key] = good.split('$');
    for (const stored of [
      '',
      'plain-text-password',
      good.replace('scrypt$', 'bcrypt$'),
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`, // would need gigabytes
      `scrypt$1024$${r}$${p}$${salt}$${key?.slice(0, 10)}`,
      `${good}$extra`,
    ]) {
      expect(await passwordMatches('pw', stored), stored).to.equal(false);
    }
  });
});
