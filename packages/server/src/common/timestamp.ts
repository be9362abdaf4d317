import { z } from 'zod';

// ISO 8601 date-time with an optional fraction and a Z or ±hh:mm offset.
const isoPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Normalizes an ISO 8601 timestamp to UTC with seven fractional digits, the form Graph and Sentinel
 * emit ("2021-04-27T12:19:27.7211305Z"). One fixed width keeps stored timestamps ordered as strings,
 * which is what the indexes on them rely on. Returns undefined for anything that is not a timestamp.
 */
export function normalizeTimestamp(value: string): string | undefined {
  const m = isoPattern.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  const fraction = (frac + '0000000').slice(0, 7);
  const ms = Number(fraction.slice(0, 3));
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number.isNaN(base) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const utc = new Date(base - offsetMinutes * 60_000);
  if (Number.isNaN(utc.getTime())) return undefined;
  return utc.toISOString().slice(0, 19) + '.' + fraction + 'Z';
}

/** Formats a Date the way stored timestamps look. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 23) + '0000Z';
}

/** Milliseconds since the epoch of a stored (normalized) timestamp. */
export function timestampMillis(value: string): number {
  return Date.parse(value);
}

/** Adds minutes to a stored timestamp. */
export function addMinutes(value: string, minutes: number): string {
  return formatTimestamp(new Date(timestampMillis(value) + minutes * 60_000));
}

/** A zod schema for an ISO 8601 timestamp input; the output is normalized (see normalizeTimestamp). */
export const timestampSchema = z
  .string()
  .meta({ format: 'date-time' })
  .transform((value, ctx) => {
    const normalized = normalizeTimestamp(value);
    if (normalized === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time such as 2024-01-31T12:00:00Z, got '${value.slice(0, 40)}'` });
      return z.NEVER;
    }
    return normalized;
  });

/** The source of "now" for everything that stamps records; tests pass a fixed clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
