const UNITS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/**
 * Parses a lifespan such as `90s`, `15m`, `12h`, `30d`, `2w` or `1y` into milliseconds.
 *
 * @example
 * parseDuration('30d'); // 2_592_000_000
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d{1,9})\s*(ms|s|m|h|d|w|y)\s*$/i.exec(String(text));
  const value = match ? Number(match[1]) * UNITS[match[2]!.toLowerCase()]! : 0;
  if (!match || value <= 0) {
    throw new RangeError(`patgate: cannot read the duration ${JSON.stringify(text)}; use a positive number and a unit, such as 90s, 12h, 30d or 1y`);
  }
  return value;
}

/**
 * Writes milliseconds in the largest unit that divides them exactly.
 *
 * @example
 * formatDuration(2_592_000_000); // '30d'
 */
export function formatDuration(ms: number): string {
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's'] as const) {
    const size = UNITS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
