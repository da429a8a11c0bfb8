import { expect } from 'chai';
import type { TokenInfo } from '@patgate/middleware';
import { formatTokenTable, toTokenView } from '../../src/cli/token-view.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function info(overrides: Partial<TokenInfo> = {}): TokenInfo {
  return {
    id: 'AbC123xyz0', ownerId: 'u1', name: 'CI', scopes: ['streams:read'], lastChars: 'x9Qa1z',
    createdAt: new Date('2026-05-01T00:00:00Z'), expiresAt: new Date('2026-07-01T00:00:00Z'),
    lastUsedAt: new Date('2026-05-30T08:00:00Z'), lastUsedIp: '203.0.113.9', lastUsedUserAgent: 'deploy-bot/1.0', revokedAt: null,
    ...overrides,
  };
}

describe('token list view', () => {
  it('shows the last address and user agent, in JSON whole and in the table shortened', () => {
    const agent = `Mozilla/5.0 (X11; Linux x86_64) ${'A'.repeat(80)}`;
    const used = toTokenView(info({ lastUsedUserAgent: agent }), NOW);
    expect(used).to.include({ lastUsedIp: '203.0.113.9', lastUsedUserAgent: agent, lastUsedAt: '2026-05-30T08:00:00.000Z' });
    const never = toTokenView(info({ id: 'ZZZ123xyz0', lastUsedAt: null, lastUsedIp: null, lastUsedUserAgent: null }), NOW);
    expect(never).to.include({ lastUsedIp: null, lastUsedUserAgent: null });
    // A record from a store that predates the fields shows none rather than undefined.
    const { lastUsedIp: _ip, lastUsedUserAgent: _agent, ...old } = info();
    expect(toTokenView(old, NOW)).to.include({ lastUsedIp: null, lastUsedUserAgent: null });

    const [header, first, second] = formatTokenTable([used, never]).split('\n');
    expect(header).to.match(/LAST USED\s+FROM\s+USER AGENT$/);
    expect(first).to.match(/2026-05-30\s+203\.0\.113\.9\s+Mozilla\/5\.0 \(X11; Linux x86_64\) A+…$/);
    expect(first!.length - first!.indexOf('Mozilla')).to.equal(40);
    expect(second).to.match(/ZZZ123xyz0.*-\s+-\s+-$/);
  });
});
