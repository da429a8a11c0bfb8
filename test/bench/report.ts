// The bench's output: the per-round lines, the summary table (Markdown), the JSON and an SVG chart.
import { describeTarget, meets, type Scenario } from './scenarios.js';
import type { Sample } from './load.js';

/** One scenario in one round: its sample and its ratio to that round's bare Express. */
export interface RoundResult {
  round: number;
  scenario: string;
  sample: Sample;
  ratio: number;
  /** The mixed scenario's traffic alone, which its ratio is taken against. */
  alone?: Sample;
}

export interface SummaryRow {
  scenario: Scenario;
  /** Median of the same-round ratios. */
  ratio: number;
  ratios: number[];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Median CPU microseconds the server spent per request, where /proc says. */
  cpuUsPerRequest: number | undefined;
  unexpected: number;
  met: boolean | undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Medians per scenario, in the scenarios' order, and whether each met its target. */
export function summarize(scenarios: readonly Scenario[], results: readonly RoundResult[]): SummaryRow[] {
  const rows = scenarios.map((scenario) => {
    const mine = results.filter((r) => r.scenario === scenario.id);
    return {
      scenario,
      ratio: median(mine.map((r) => r.ratio)),
      ratios: mine.map((r) => r.ratio),
      requestsPerSecond: median(mine.map((r) => r.sample.requestsPerSecond)),
      p50Ms: median(mine.map((r) => r.sample.p50Ms)),
      p99Ms: median(mine.map((r) => r.sample.p99Ms)),
      cpuUsPerRequest: mine.every((r) => r.sample.cpuUsPerRequest !== undefined) && mine.length > 0 ? median(mine.map((r) => r.sample.cpuUsPerRequest!)) : undefined,
      unexpected: mine.reduce((sum, r) => sum + r.sample.unexpected + (r.alone?.unexpected ?? 0), 0),
      met: undefined as boolean | undefined,
    };
  });
  const ratios = new Map(rows.map((row) => [row.scenario.id, row.ratio]));
  for (const row of rows) row.met = meets(row.scenario.target, row.ratio, ratios);
  return rows;
}

/** One line per measurement, printed as the run goes. */
export function roundLine(result: RoundResult, scenario: Scenario): string {
  const { sample } = result;
  const alone = result.alone ? `  (alone ${result.alone.requestsPerSecond.toFixed(0)} req/s, p99 ${result.alone.p99Ms} ms)` : '';
  const flag = sample.unexpected > 0 ? `  !! ${sample.unexpected} unexpected answers ${JSON.stringify(sample.statuses)}` : '';
  const cpu = sample.cpuUsPerRequest === undefined ? '' : `  cpu ${sample.cpuUsPerRequest.toFixed(0).padStart(5)} us/req`;
  return `round ${result.round}  ${scenario.id.padEnd(22)} ${sample.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${String(sample.p50Ms).padStart(4)} ms  p99 ${String(sample.p99Ms).padStart(5)} ms${cpu}  x ${result.ratio.toFixed(3)}${alone}${flag}`;
}

/** The summary as a Markdown table (the one docs/performance.md holds). */
export function markdownTable(rows: readonly SummaryRow[]): string {
  const lines = [
    '| scenario | × bare Express 5 (median of rounds) | per round | req/s | p50 ms | p99 ms | server CPU µs/req | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const ratio = row.scenario.flood ? `${row.ratio.toFixed(3)} of alone` : row.ratio.toFixed(3);
    const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
    const odd = row.unexpected > 0 ? ` (${row.unexpected} unexpected answers)` : '';
    lines.push(
      `| ${row.scenario.label}${odd} | ${ratio} | ${row.ratios.map((r) => r.toFixed(3)).join(', ')} | ${row.requestsPerSecond.toFixed(0)} | ${row.p50Ms} | ${row.p99Ms} | ${row.cpuUsPerRequest === undefined ? '' : row.cpuUsPerRequest.toFixed(0)} | ${describeTarget(row.scenario.target)} | ${met} |`,
    );
  }
  return lines.join('\n');
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A horizontal bar chart of the median ratios, with a line at 1.0 and each target marked. */
export function svgChart(rows: readonly SummaryRow[], caption: string): string {
  const labelWidth = 470;
  const barWidth = 420;
  const rowHeight = 26;
  const top = 40;
  const max = Math.max(1.2, ...rows.map((r) => r.ratio)) * 1.05;
  const x = (value: number) => labelWidth + (value / max) * barWidth;
  const ratios = new Map(rows.map((row) => [row.scenario.id, row.ratio]));
  const height = top + rows.length * rowHeight + 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 80}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">Requests per second as a ratio to bare Express 5 (median of same-round ratios)</text>`,
  ];
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const colour = row.met === false ? '#d9534f' : row.scenario.id.startsWith('patgate') || row.scenario.id.startsWith('reference') || row.scenario.id === 'mixed' ? '#2a7ab0' : '#999';
    parts.push(`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escape(row.scenario.label)}</text>`);
    parts.push(`<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(row.ratio) - labelWidth).toFixed(1)}" height="${rowHeight - 10}" fill="${colour}"/>`);
    parts.push(`<text x="${(x(row.ratio) + 4).toFixed(1)}" y="${y + 15}">${row.ratio.toFixed(3)}</text>`);
    const target = row.scenario.target;
    const goal = target && ('atLeast' in target ? target.atLeast : ratios.get(target.atLeastScenario));
    if (goal !== undefined) {
      parts.push(`<line x1="${x(goal).toFixed(1)}" x2="${x(goal).toFixed(1)}" y1="${y + 1}" y2="${y + rowHeight - 3}" stroke="#000" stroke-width="2"/>`);
    }
  });
  const one = x(1).toFixed(1);
  parts.push(`<line x1="${one}" x2="${one}" y1="${top}" y2="${top + rows.length * rowHeight}" stroke="#000" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="10" y="${height - 12}" fill="#555">${escape(caption)} — black ticks: targets; red: target missed</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
