/**
 * ISO 8601 durations as workflow definitions use them (retry intervals, Until timeouts, Wait,
 * recurrence): `P1D`, `PT5S`, `PT7.5S`, `P1DT2H`, `P1W`, `P1M`, `P1Y`, optionally negated (`-PT5S`,
 * accepted as .NET's XmlConvert does). Only the seconds field may carry a fraction.
 */

export class DurationError extends Error {
  override readonly name = 'DurationError';
  readonly code = 'InvalidDuration';
  readonly text: string;
  constructor(text: string, reason: string) {
    super(`'${truncate(text)}' is not a valid ISO 8601 duration: ${reason}`);
    this.text = text;
  }
}

export interface IsoDuration {
  negative: boolean;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number; // may be fractional
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Far beyond any sensible workflow timer, and keeps every sum exact in a double. */
const MAX_MS = 1e15;

// Fixed-shape grammar; no nested quantifiers so matching is linear.
const DURATION =
  /^(-)?P(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,12})(?:[.,](\d{1,7}))?S)?)?$/;

/** Parses an ISO 8601 duration; throws DurationError naming the text on anything else. */
export function parseDuration(text: string): IsoDuration {
  if (typeof text !== 'string') throw new DurationError(String(text), `expected a string, got ${text === null ? 'null' : typeof text}`);
  const m = DURATION.exec(text);
  if (!m) throw new DurationError(text, 'expected the form P[nY][nM][nW][nD][T[nH][nM][n[.n]S]]');
  const [, sign, y, mo, w, d, h, mi, s, frac] = m;
  if (y === undefined && mo === undefined && w === undefined && d === undefined && h === undefined && mi === undefined && s === undefined) {
    throw new DurationError(text, 'it has no components');
  }
  if (text.includes('T') && h === undefined && mi === undefined && s === undefined) {
    throw new DurationError(text, "'T' must be followed by hours, minutes or seconds");
  }
  const duration: IsoDuration = {
    negative: sign === '-',
    years: Number(y ?? 0),
    months: Number(mo ?? 0),
    weeks: Number(w ?? 0),
    days: Number(d ?? 0),
    hours: Number(h ?? 0),
    minutes: Number(mi ?? 0),
    seconds: Number(`${s ?? 0}.${frac ?? 0}`),
  };
  if (Math.abs(fixedMs(duration)) > MAX_MS) throw new DurationError(text, 'it is too long');
  return duration;
}

/** True when the duration has month or year parts, whose length depends on the start date. */
export function isCalendarDuration(duration: IsoDuration): boolean {
  return duration.years !== 0 || duration.months !== 0;
}

/**
 * Length in milliseconds. Months and years have no fixed length, so a duration with them needs
 * `from` (the instant it starts at); without it that is a DurationError.
 */
export function durationToMs(duration: IsoDuration | string, from?: Date): number {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (!isCalendarDuration(d)) return fixedMs(d);
  if (!from) throw new DurationError(formatDuration(d), 'months and years need a start date to be measured');
  return addDuration(from, d).getTime() - from.getTime();
}

/** Adds a duration to an instant, with calendar months/years (UTC, day clamped to month end like .NET AddMonths). */
export function addDuration(date: Date, duration: IsoDuration | string): Date {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  const sign = d.negative ? -1 : 1;
  let result = date.getTime();
  if (isCalendarDuration(d)) {
    const start = new Date(result);
    const totalMonths = start.getUTCFullYear() * 12 + start.getUTCMonth() + sign * (d.years * 12 + d.months);
    const year = Math.floor(totalMonths / 12);
    const month = totalMonths - year * 12;
    const day = Math.min(start.getUTCDate(), daysInMonth(year, month));
    const shifted = new Date(0);
    shifted.setUTCFullYear(year, month, day);
    shifted.setUTCHours(start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds());
    result = shifted.getTime();
  }
  return new Date(result + sign * unsignedFixedMs(d));
}

/** Canonical text of a duration (inverse of parseDuration for canonical input). */
export function formatDuration(duration: IsoDuration): string {
  let date = '';
  if (duration.years) date += `${duration.years}Y`;
  if (duration.months) date += `${duration.months}M`;
  if (duration.weeks) date += `${duration.weeks}W`;
  if (duration.days) date += `${duration.days}D`;
  let time = '';
  if (duration.hours) time += `${duration.hours}H`;
  if (duration.minutes) time += `${duration.minutes}M`;
  if (duration.seconds) time += `${formatSeconds(duration.seconds)}S`;
  if (!date && !time) time = '0S';
  return `${duration.negative ? '-' : ''}P${date}${time ? `T${time}` : ''}`;
}

/** Formats a millisecond count as the shortest day/hour/minute/second duration (no months). */
export function formatMs(ms: number): string {
  const negative = ms < 0;
  let rest = Math.abs(ms);
  const days = Math.floor(rest / MS_PER_DAY);
  rest -= days * MS_PER_DAY;
  const hours = Math.floor(rest / MS_PER_HOUR);
  rest -= hours * MS_PER_HOUR;
  const minutes = Math.floor(rest / MS_PER_MINUTE);
  rest -= minutes * MS_PER_MINUTE;
  return formatDuration({ negative, years: 0, months: 0, weeks: 0, days, hours, minutes, seconds: rest / MS_PER_SECOND });
}

function fixedMs(d: IsoDuration): number {
  return (d.negative ? -1 : 1) * unsignedFixedMs(d);
}

function unsignedFixedMs(d: IsoDuration): number {
  return (
    (d.weeks * 7 + d.days) * MS_PER_DAY +
    d.hours * MS_PER_HOUR +
    d.minutes * MS_PER_MINUTE +
    Math.round(d.seconds * MS_PER_SECOND * 1e4) / 1e4
  );
}

function formatSeconds(seconds: number): string {
  // At most 7 fractional digits (the .NET tick), trailing zeros dropped.
  return seconds.toFixed(7).replace(/\.?0+$/, '');
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month + 1, 0);
  return d.getUTCDate();
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
