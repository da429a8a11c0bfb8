import type { StoredToken } from '@patgate/middleware';
import { expect } from 'chai';
import { LinkAwareTokenCache } from '../../src/cluster/link-aware-cache.js';

const record = (id: string): StoredToken => ({
  id,
  ownerId: 'owner',
  name: 'n',
  scopes: ['profile:read'],
  secretHash: 'h',
  lastChars: 'abcd',
  createdAt: new Date(0),
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
});

describe('LinkAwareTokenCache', () => {
  let clock: number;
  let up: boolean;
  let cache: LinkAwareTokenCache;
  beforeEach(() => {
    clock = 1_000_000;
    up = true;
    cache = new LinkAwareTokenCache({ ttlMs: 600_000, fallbackMs: 5000, isUp: () => up, now: () => new Date(clock) });
  });

  it('keeps records for the full TTL while the link is up', () => {
    cache.set('AAAAAAAAAA', record('AAAAAAAAAA'));
    clock += 599_000;
    expect(cache.get('AAAAAAAAAA')?.id).to.equal('AAAAAAAAAA');
    clock += 1000;
    expect(cache.get('AAAAAAAAAA')).to.equal(undefined);
  });

  it('forgets everything when the link drops, and keeps records only the fallback time until it is back', () => {
    cache.set('AAAAAAAAAA', record('AAAAAAAAAA'));
    up = false;
    cache.linkDown();
    expect(cache.get('AAAAAAAAAA'), 'cached before the outage').to.equal(undefined);
    cache.set('BBBBBBBBBB', record('BBBBBBBBBB'));
    clock += 4999;
    expect(cache.get('BBBBBBBBBB')?.id).to.equal('BBBBBBBBBB');
    clock += 1;
    expect(cache.get('BBBBBBBBBB'), 'after the fallback time').to.equal(undefined);
    up = true;
    cache.set('CCCCCCCCCC', record('CCCCCCCCCC'));
    clock += 60_000;
    expect(cache.get('CCCCCCCCCC')?.id, 'full TTL again once the link is back').to.equal('CCCCCCCCCC');
  });

  it('deletes a record whichever lifetime it was stored with', () => {
    cache.set('AAAAAAAAAA', record('AAAAAAAAAA'));
    up = false;
    cache.set('BBBBBBBBBB', record('BBBBBBBBBB'));
    cache.delete('BBBBBBBBBB');
    up = true;
    cache.delete('AAAAAAAAAA');
    expect(cache.get('AAAAAAAAAA')).to.equal(undefined);
    up = false;
    expect(cache.get('BBBBBBBBBB')).to.equal(undefined);
  });

  it('never keeps a record longer than the TTL, even when the fallback is longer', () => {
    const short = new LinkAwareTokenCache({ ttlMs: 1000, fallbackMs: 5000, isUp: () => false, now: () => new Date(clock) });
    short.set('AAAAAAAAAA', record('AAAAAAAAAA'));
    clock += 1000;
    expect(short.get('AAAAAAAAAA')).to.equal(undefined);
  });
});
