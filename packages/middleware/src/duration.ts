const UNITS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/**
 * The units {@link parseDuration} reads, for help texts and error messages. `m` is minutes (as in `ms`, `s`,
 * `h`, and everywhere durations are written); a month is `mo`, counted as 30 days, a year as 365 days.
 * Letter case does not matter, except that a capital `M` alone is refused: it means months to some
 * people and minutes to others.
 *
 * @example
 * `units: ${DURATION_UNITS}`; // 'ms, s, m (minutes), h, d, w, mo (months of 30 days), y (365 days)'
 */
export const DURATION_UNITS = 'ms, s, m (minutes), h, d, w, mo (months of 30 days), y (365 days)';

/**
 * Parses a lifespan such as `90s`, `15m`, `12h`, `30d`, `2w`, `6mo` or `1y` into milliseconds (units:
 * {@link DURATION_UNITS}).
 *
 * @example
 * parseDuration('30d'); // 2_592_000_000
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d{1,9})\s*(ms|mo|s|m|h|d|w|y)\s*$/i.exec(String(text));
  if (match?.[2] === 'M') {
    throw new RangeError(`patgate: the duration ${JSON.stringify(text)} is ambiguous; write ${match[1]}m for minutes or ${match[1]}mo for months`);
  }
  const value = match ? Number(match[1]) * UNITS[match[2]!.toLowerCase()]! : 0;
  if (!match || value <= 0) {
    throw new RangeError(`patgate: cannot read the duration ${JSON.stringify(text)}; use a positive number and a unit (${DURATION_UNITS}), such as 90s, 12h, 30d, 6mo or 1y`);
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
