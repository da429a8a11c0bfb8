import { expect } from 'chai';
import { generateToken, isExpired, isLiveToken, isTokenId, tokenState, TOKEN_ID_PATTERN } from '../src/index.js';

describe('token state', () => {
  const now = new Date(Date.UTC(2026, 5, 1));
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('isExpired: expired from the moment of expiry on, never without one', () => {
    expect(isExpired({ expiresAt: at(1) }, now)).to.equal(false);
    expect(isExpired({ expiresAt: at(0) }, now)).to.equal(true);
    expect(isExpired({ expiresAt: at(-1) }, now)).to.equal(true);
    expect(isExpired({ expiresAt: null }, now)).to.equal(false);
  });

  it('tokenState: revoked wins over expired', () => {
    expect(tokenState({ revokedAt: null, expiresAt: at(1) }, now)).to.equal('active');
    expect(tokenState({ revokedAt: null, expiresAt: at(0) }, now)).to.equal('expired');
    expect(tokenState({ revokedAt: at(-5), expiresAt: at(-1) }, now)).to.equal('revoked');
    expect(tokenState({ revokedAt: at(-5), expiresAt: null }, now)).to.equal('revoked');
  });

  it('isLiveToken: neither revoked nor expired', () => {
    expect(isLiveToken({ revokedAt: null, expiresAt: null }, now)).to.equal(true);
    expect(isLiveToken({ revokedAt: null, expiresAt: at(1) }, now)).to.equal(true);
    expect(isLiveToken({ revokedAt: null, expiresAt: at(0) }, now)).to.equal(false);
    expect(isLiveToken({ revokedAt: at(-1), expiresAt: at(1) }, now)).to.equal(false);
  });

  it('TOKEN_ID_PATTERN and isTokenId: exactly the ids generateToken makes', () => {
    for (let i = 0; i < 20; i++) expect(isTokenId(generateToken().id)).to.equal(true);
    for (const bad of ['AbC123xyz', 'AbC123xyz01', 'AbC123xyz-', 'current', '', 42, null]) {
      expect(isTokenId(bad), String(bad)).to.equal(false);
    }
    expect(TOKEN_ID_PATTERN.test('AbC123xyz0')).to.equal(true);
  });
});
