import { parseDuration } from '@patgate/middleware';
import { z } from 'zod';

/**
 * The schema of a duration setting such as `PATGATE_SESSION_MAX_AGE`: a whole number and a unit (`s`, `m`,
 * `h`, `d` or `w`: `7d`, `36h`, `90m`), from one minute to a year, parsed to milliseconds by the
 * middleware's `parseDuration`. `fix` ends the error message.
 *
 * @example
 * z.object({ PATGATE_SESSION_IDLE: durationSetting('for example 24h') }).parse(env);
 */
export const durationSetting = (fix: string) =>
  z
    .string()
    .trim()
    .transform((value, context) => {
      try {
        const ms = parseDuration(value);
        if (ms >= 60_000 && ms <= 365 * 86_400_000 && !/ms$/i.test(value)) return ms;
      } catch {
        // reported below
      }
      context.addIssue({ code: 'custom', message: `must be a whole number and a unit (s, m, h, d or w) from 1m to 365d; ${fix}` });
      return z.NEVER;
    });
