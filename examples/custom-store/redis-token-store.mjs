// A TokenStore over Redis: one JSON value per token and a sorted set per owner.
// Copy it as a starting point for your own store; the contract suite tells you when it is right.

// Revoke must be atomic so that exactly one of several concurrent revokes wins: a Lua script runs as one step.
const REVOKE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local token = cjson.decode(raw)
if token.revokedAt ~= cjson.null and token.revokedAt ~= nil then return 0 end
token.revokedAt = ARGV[1]
redis.call('SET', KEYS[1], cjson.encode(token), 'KEEPTTL')
return 1`;

// touch records the last use, its address and user agent ('' stands for none); it never changes revokedAt
// and ignores unknown tokens.
const TOUCH = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local token = cjson.decode(raw)
token.lastUsedAt = ARGV[1]
if ARGV[2] == '' then token.lastUsedIp = cjson.null else token.lastUsedIp = ARGV[2] end
if ARGV[3] == '' then token.lastUsedUserAgent = cjson.null else token.lastUsedUserAgent = ARGV[3] end
redis.call('SET', KEYS[1], cjson.encode(token), 'KEEPTTL')
return 1`;

// retire is rotation's atomic step: mark the token rotated and move its expiry ('' for none), only if it is
// neither revoked nor rotated yet, so that of concurrent rotations exactly one wins.
const RETIRE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local token = cjson.decode(raw)
if token.revokedAt ~= cjson.null and token.revokedAt ~= nil then return 0 end
if token.rotatedAt ~= cjson.null and token.rotatedAt ~= nil then return 0 end
token.rotatedAt = ARGV[1]
if ARGV[2] == '' then token.expiresAt = cjson.null else token.expiresAt = ARGV[2] end
redis.call('SET', KEYS[1], cjson.encode(token), 'KEEPTTL')
return 1`;

const DATES = ['createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt', 'rotatedAt'];

function encode(token) {
  const out = { ...token };
  for (const key of DATES) out[key] = token[key] ? token[key].toISOString() : null;
  return JSON.stringify(out);
}

function decode(raw) {
  if (!raw) return null;
  const token = JSON.parse(raw);
  for (const key of DATES) token[key] = token[key] ? new Date(token[key]) : null;
  // cjson turns an empty array into an object; scopes are never empty, but be safe.
  token.scopes = Array.isArray(token.scopes) ? token.scopes : [];
  // No limit stays null; anything unreadable limits the token to nothing rather than to everything.
  const limit = token.resourceIds;
  token.resourceIds = limit === null || limit === undefined ? null : Array.isArray(limit) ? limit : [];
  return token;
}

/** @implements {import('@patgate/middleware').TokenStore} */
export class RedisTokenStore {
  /** @param {import('ioredis').Redis} redis @param {{ keyPrefix?: string }} [options] */
  constructor(redis, { keyPrefix = 'patgate:' } = {}) {
    this.redis = redis;
    this.prefix = keyPrefix;
  }

  tokenKey(id) {
    return `${this.prefix}token:${id}`;
  }

  ownerKey(ownerId) {
    return `${this.prefix}owner:${ownerId}`;
  }

  async insert(token) {
    const created = await this.redis.set(this.tokenKey(token.id), encode(token), 'NX');
    if (created !== 'OK') throw new Error(`RedisTokenStore: a token with id ${token.id} already exists`);
    await this.redis.zadd(this.ownerKey(token.ownerId), token.createdAt.getTime(), token.id);
  }

  async findById(id) {
    return decode(await this.redis.get(this.tokenKey(id)));
  }

  async listByOwner(ownerId) {
    const ids = await this.redis.zrevrange(this.ownerKey(ownerId), 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.tokenKey(id)));
    return raws.map(decode).filter(Boolean);
  }

  async revoke(id, at) {
    return (await this.redis.eval(REVOKE, 1, this.tokenKey(id), at.toISOString())) === 1;
  }

  async retire(id, at, expiresAt) {
    return (await this.redis.eval(RETIRE, 1, this.tokenKey(id), at.toISOString(), expiresAt ? expiresAt.toISOString() : '')) === 1;
  }

  async touch(id, at, use = {}) {
    await this.redis.eval(TOUCH, 1, this.tokenKey(id), at.toISOString(), use.ip ?? '', use.userAgent ?? '');
  }
}
