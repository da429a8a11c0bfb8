import { expect } from 'chai';
import { loadConfig } from '../src/config.js';

const SECRET = 'x'.repeat(40);
const load = (env: Record<string, string>) => loadConfig({ PATGATE_SECRET: SECRET, ...env }, { cwd: '/tmp', warn: () => {} });

describe('loadConfig: abuse limits', () => {
  it('reads PATGATE_SESSION_MAX_AGE and PATGATE_SESSION_IDLE as a number and a unit', () => {
    const config = load({ PATGATE_SESSION_MAX_AGE: '36h', PATGATE_SESSION_IDLE: ' 90m ' });
    expect(config.sessionMaxAgeMs).to.equal(36 * 3_600_000);
    expect(config.sessionIdleMs).to.equal(90 * 60_000);
    expect(load({ PATGATE_SESSION_MAX_AGE: '2w' }).sessionMaxAgeMs).to.equal(14 * 86_400_000);
  });

  it('refuses a session lifetime without a unit, below a minute or over a year, naming the variable and the format', () => {
    for (const value of ['7', '30s', '500ms', '2y', 'soon', '-1d']) {
      expect(() => load({ PATGATE_SESSION_MAX_AGE: value }), value).to.throw(/PATGATE_SESSION_MAX_AGE .*whole number and a unit/);
    }
    expect(() => load({ PATGATE_SESSION_IDLE: '0h' })).to.throw(/PATGATE_SESSION_IDLE/);
  });
});
