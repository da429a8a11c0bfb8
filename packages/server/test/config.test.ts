import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../src/config.js';

const SECRET = 'x'.repeat(40);

describe('loadConfig', () => {
  let dir: string;
  let warnings: string[];
  const warn = (message: string) => warnings.push(message);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'patgate-config-'));
    warnings = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the documented defaults', () => {
    const config = loadConfig({ PATGATE_SECRET: SECRET }, { cwd: dir, warn });
    expect(config).to.deep.equal({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.join(dir, 'data'),
      secret: SECRET,
      redisUrl: undefined,
      redisPrefix: 'patgate:',
      logLevel: 'info',
      signupEnabled: true,
      trustProxy: false,
      tokenCacheTtlMs: 2000,
      apiRateLimitPerMinute: 1000,
      webhook: undefined,
      expiryCheckIntervalMs: 3_600_000,
      authFailuresPerMinute: 60,
      sessionMaxAgeMs: 7 * 86_400_000,
      sessionIdleMs: 86_400_000,
      tokenRetentionDays: 90,
      tokenCacheFallbackMs: 5000,
      postgres: {},
      redisTimeoutMs: 1000,
      credentialRevokePerHour: 60,
      secretScanningKeysFile: undefined,
      graphqlExplorer: false,
      graphqlIntrospection: false,
    });
    expect(warnings).to.deep.equal([]);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        PATGATE_DATA_DIR: '/srv/patgate',
        PATGATE_SECRET: SECRET,
        REDIS_URL: 'redis://127.0.0.1:6379',
        PATGATE_REDIS_PREFIX: 'patgate:staging:',
        LOG_LEVEL: 'DEBUG',
        PATGATE_SIGNUP: 'off',
        PATGATE_TRUST_PROXY: 'loopback',
        PATGATE_TOKEN_CACHE_TTL_MS: '0',
        PATGATE_RATE_LIMIT_PER_MINUTE: '0',
        PATGATE_WEBHOOK_URL: 'https://hooks.example.com/patgate',
        PATGATE_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
        PATGATE_EXPIRY_CHECK_INTERVAL_MS: '60000',
        PATGATE_CREDENTIAL_REVOKE_PER_HOUR: '10',
        PATGATE_SECRET_SCANNING_KEYS: 'keys/github.json',
        PATGATE_GRAPHQL_EXPLORER: 'yes',
        PATGATE_GRAPHQL_INTROSPECTION: 'false',
      },
      { cwd: dir, warn },
    );
    expect(config).to.include({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      dataDir: '/srv/patgate',
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'patgate:staging:',
      logLevel: 'debug',
      signupEnabled: false,
      trustProxy: 'loopback',
      tokenCacheTtlMs: 0,
      apiRateLimitPerMinute: 0,
      expiryCheckIntervalMs: 60_000,
      credentialRevokePerHour: 10,
      secretScanningKeysFile: path.join(dir, 'keys/github.json'),
      graphqlExplorer: true,
      graphqlIntrospection: false,
    });
    expect(config.webhook).to.deep.equal({ url: 'https://hooks.example.com/patgate', secret: 'whsec-0123456789abcdef' });
  });

  it('wants PATGATE_WEBHOOK_URL and PATGATE_WEBHOOK_SECRET together, naming the missing one', () => {
    expect(() => loadConfig({ PATGATE_SECRET: SECRET, PATGATE_WEBHOOK_URL: 'https://hooks.example.com/x' }, { cwd: dir }))
      .to.throw(/^Invalid configuration: PATGATE_WEBHOOK_SECRET must be set when PATGATE_WEBHOOK_URL is/);
    expect(() => loadConfig({ PATGATE_SECRET: SECRET, PATGATE_WEBHOOK_SECRET: 'whsec-0123456789abcdef' }, { cwd: dir }))
      .to.throw(/^Invalid configuration: PATGATE_WEBHOOK_URL must be set when PATGATE_WEBHOOK_SECRET is/);
  });

  it('turns introspection on with the explorer unless PATGATE_GRAPHQL_INTROSPECTION says otherwise', () => {
    const load = (env: NodeJS.ProcessEnv) => loadConfig({ PATGATE_SECRET: SECRET, ...env }, { cwd: dir, warn });
    expect(load({ PATGATE_GRAPHQL_EXPLORER: 'true' })).to.include({ graphqlExplorer: true, graphqlIntrospection: true });
    expect(load({ PATGATE_GRAPHQL_INTROSPECTION: 'on' })).to.include({ graphqlExplorer: false, graphqlIntrospection: true });
    expect(() => load({ PATGATE_GRAPHQL_EXPLORER: 'maybe' })).to.throw(/PATGATE_GRAPHQL_EXPLORER \(got "maybe"\) must be true or false/);
  });

  it('treats blank variables as unset', () => {
    const config = loadConfig({ PORT: '', LOG_LEVEL: ' ', PATGATE_SECRET: SECRET }, { cwd: dir, warn });
    expect(config.port).to.equal(3000);
    expect(config.logLevel).to.equal('info');
  });

  it('parses PATGATE_TRUST_PROXY as boolean, hop count or address list', () => {
    const trust = (value: string) => loadConfig({ PATGATE_TRUST_PROXY: value, PATGATE_SECRET: SECRET }, { cwd: dir }).trustProxy;
    expect(trust('true')).to.equal(true);
    expect(trust('false')).to.equal(false);
    expect(trust('2')).to.equal(2);
    expect(trust('10.0.0.0/8')).to.equal('10.0.0.0/8');
  });

  for (const [variable, value] of [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['PATGATE_SECRET', 'short'],
    ['REDIS_URL', 'http://localhost'],
    ['PATGATE_REDIS_PREFIX', 'has space'],
    ['LOG_LEVEL', 'loud'],
    ['PATGATE_SIGNUP', 'maybe'],
    ['PATGATE_TOKEN_CACHE_TTL_MS', '-1'],
    ['PATGATE_RATE_LIMIT_PER_MINUTE', 'lots'],
    ['PATGATE_WEBHOOK_URL', 'ftp://hooks.example.com'],
    ['PATGATE_WEBHOOK_SECRET', 'short'],
    ['PATGATE_EXPIRY_CHECK_INTERVAL_MS', '10'],
  ] as const) {
    // A secret, or a URL that may hold a password, is never repeated: only its length.
    const shown = ['PATGATE_SECRET', 'DATABASE_URL', 'REDIS_URL'].includes(variable) ? `${value.length} characters, not shown` : `"${value}"`;
    it(`rejects ${variable}=${value} with a message naming the variable`, () => {
      expect(() => loadConfig({ PATGATE_SECRET: SECRET, [variable]: value }, { cwd: dir, warn }))
        .to.throw(Error, new RegExp(`^Invalid configuration: ${variable} \\(got ${shown}\\) must`));
    });
  }

  it('never prints a too-short PATGATE_SECRET or a password in DATABASE_URL / REDIS_URL', () => {
    const env = { PATGATE_SECRET: 'hunter2-too-short', DATABASE_URL: 'mysql://u:s3cr3tpw@db/x', REDIS_URL: 'http://:r3dispw@cache' };
    let message = '';
    try {
      loadConfig(env, { cwd: dir, warn });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const variable of ['PATGATE_SECRET', 'DATABASE_URL', 'REDIS_URL']) expect(message).to.include(variable);
    for (const secret of ['hunter2', 's3cr3tpw', 'r3dispw']) expect(message).not.to.include(secret);
  });

  it('reads the PostgreSQL, Redis and fallback settings', () => {
    const config = loadConfig(
      {
        PATGATE_SECRET: SECRET,
        PATGATE_DB_TIMEOUT_MS: '3000',
        PATGATE_DB_POOL_MAX: '20',
        PATGATE_DB_POOL_MIN: '2',
        PATGATE_DB_POOL_IDLE_MS: '30000',
        PATGATE_DB_SSL: 'Verify',
        PATGATE_DB_SSL_CA: '/etc/ssl/db-ca.pem',
        PATGATE_REDIS_TIMEOUT_MS: '250',
        PATGATE_TOKEN_CACHE_FALLBACK_MS: '1000',
      },
      { cwd: dir, warn },
    );
    expect(config.postgres).to.deep.equal({ timeoutMs: 3000, poolMax: 20, poolMin: 2, poolIdleMs: 30000, ssl: 'verify', ca: '/etc/ssl/db-ca.pem' });
    expect(config).to.include({ redisTimeoutMs: 250, tokenCacheFallbackMs: 1000 });
    expect(() => loadConfig({ PATGATE_SECRET: SECRET, PATGATE_DB_SSL: 'maybe' }, { cwd: dir })).to.throw(/PATGATE_DB_SSL .*off, require/);
  });

  it('says how to fix a bad PORT', () => {
    expect(() => loadConfig({ PORT: 'abc', PATGATE_SECRET: SECRET }, { cwd: dir })).to.throw(/PORT .*free port such as 3000/);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' }, { cwd: dir, warn })).to.throw(/PORT .*LOG_LEVEL/s);
  });

  describe('without PATGATE_SECRET', () => {
    it('generates a secret once into <dataDir>/secret with mode 0600 and warns', () => {
      const first = loadConfig({}, { cwd: dir, warn });
      const file = path.join(dir, 'data', 'secret');
      expect(first.secret).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(readFileSync(file, 'utf8').trim()).to.equal(first.secret);
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include(file).and.include('PATGATE_SECRET');
    });

    it('reuses the generated secret on the next start, without another warning', () => {
      const first = loadConfig({}, { cwd: dir, warn });
      const second = loadConfig({}, { cwd: dir, warn });
      expect(second.secret).to.equal(first.secret);
      expect(warnings).to.have.length(1);
    });

    it('honours PATGATE_DATA_DIR for the secret file', () => {
      const config = loadConfig({ PATGATE_DATA_DIR: 'elsewhere' }, { cwd: dir, warn });
      expect(readFileSync(path.join(dir, 'elsewhere', 'secret'), 'utf8').trim()).to.equal(config.secret);
    });

    it('refuses a truncated secret file, naming it', () => {
      mkdirSync(path.join(dir, 'data'));
      writeFileSync(path.join(dir, 'data', 'secret'), 'tooshort', { mode: 0o600 });
      expect(() => loadConfig({}, { cwd: dir, warn })).to.throw(/secret in .*data\/secret is shorter than 32/);
    });

    it('warns when the secret file is readable by others', function () {
      if (process.platform === 'win32') this.skip();
      loadConfig({}, { cwd: dir, warn });
      chmodSync(path.join(dir, 'data', 'secret'), 0o644);
      loadConfig({}, { cwd: dir, warn });
      expect(warnings[1]).to.match(/readable by other users.*chmod 600/);
    });
  });
});
