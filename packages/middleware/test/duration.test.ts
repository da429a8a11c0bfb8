import { expect } from 'chai';
import { formatDuration, parseDuration } from '../src/index.js';

describe('duration', () => {
  it('parses units', () => {
    expect(parseDuration('90s')).to.equal(90_000);
    expect(parseDuration('30d')).to.equal(30 * 86_400_000);
    expect(parseDuration('1Y')).to.equal(365 * 86_400_000);
    expect(parseDuration(' 12h ')).to.equal(43_200_000);
    expect(parseDuration('6m')).to.equal(6 * 60_000);
    expect(parseDuration('6mo')).to.equal(6 * 30 * 86_400_000);
    expect(parseDuration('6MO')).to.equal(6 * 30 * 86_400_000);
    expect(() => parseDuration('6M')).to.throw(RangeError, /ambiguous; write 6m for minutes or 6mo for months/);
  });

  it('refuses what it cannot read, naming the input', () => {
    for (const bad of ['', '30', 'd', '0d', '-1d', '1.5d', '30 days', '1e3s']) {
      expect(() => parseDuration(bad), bad).to.throw(RangeError, JSON.stringify(bad));
    }
  });

  it('formats in the largest exact unit', () => {
    expect(formatDuration(30 * 86_400_000)).to.equal('30d');
    expect(formatDuration(90_000)).to.equal('90s');
    expect(formatDuration(1500)).to.equal('1500ms');
  });
});
