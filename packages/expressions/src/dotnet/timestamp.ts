/**
 * A .NET DateTime as Logic Apps sees it: a count of 100-ns ticks since 0001-01-01T00:00:00 plus a
 * Kind. JavaScript's Date stops at milliseconds and at year 275760-ish boundaries we do not need,
 * so the ticks are a BigInt and the calendar arithmetic is done here (proleptic Gregorian).
 *
 * Logic Apps parses timestamps the way DateTime.Parse with AdjustToUniversal does: a string with
 * 'Z' or an offset becomes a UTC value (Kind Utc, printed with 'Z'); a string without one stays
 * Unspecified (printed without a suffix). There is no Local kind here: the runtime's local zone is
 * UTC, so Local and Utc would print the same instants.
 */
import { ExpressionError } from '../errors.ts';

export type DateTimeKind = 'Utc' | 'Unspecified';

export interface Timestamp {
  /** 100-ns intervals since 0001-01-01T00:00:00 (wall clock; for Kind Utc also the instant). */
  readonly ticks: bigint;
  readonly kind: DateTimeKind;
}

export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
/** DateTime.MaxValue.Ticks: 9999-12-31T23:59:59.9999999. */
export const MAX_TICKS = 3_155_378_975_999_999_999n;
/** Ticks at 1970-01-01T00:00:00 (DateTime.UnixEpoch.Ticks). */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;

/** Days from 0001-01-01 to 1970-01-01. */
const EPOCH_DAY_OFFSET = 719_162;

/** The calendar view of a Timestamp. */
export interface DateFields {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Ticks within the second, 0..9_999_999. */
  fraction: number;
  /** 0 = Sunday … 6 = Saturday (System.DayOfWeek). */
  dayOfWeek: number;
  /** 1..366 */
  dayOfYear: number;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Days since 0001-01-01 for a proleptic Gregorian date (Hinnant's days_from_civil, shifted). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + EPOCH_DAY_OFFSET;
}

function civilFromDayNumber(dayNo: number): { year: number; month: number; day: number } {
  const z = dayNo - EPOCH_DAY_OFFSET + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function outOfRange(): ExpressionError {
  return new ExpressionError(
    'InvalidArgument',
    'The resulting timestamp is outside the supported range 0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999.',
  );
}

/** A Timestamp, checked against DateTime's range. */
export function timestamp(ticks: bigint, kind: DateTimeKind): Timestamp {
  if (ticks < 0n || ticks > MAX_TICKS) throw outOfRange();
  return { ticks, kind };
}

export function fieldsOf(ts: Timestamp): DateFields {
  const dayNo = Number(ts.ticks / TICKS_PER_DAY);
  const inDay = Number(ts.ticks % TICKS_PER_DAY);
  const { year, month, day } = civilFromDayNumber(dayNo);
  const secondsInDay = Math.floor(inDay / 10_000_000);
  return {
    year,
    month,
    day,
    hour: Math.floor(secondsInDay / 3600),
    minute: Math.floor(secondsInDay / 60) % 60,
    second: secondsInDay % 60,
    fraction: inDay % 10_000_000,
    // 0001-01-01 was a Monday.
    dayOfWeek: (dayNo + 1) % 7,
    dayOfYear: dayNo - dayNumber(year, 1, 1) + 1,
  };
}

/** Builds a Timestamp from calendar parts; throws ExpressionError when a part is out of range. */
export function fromFields(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fraction = 0,
  kind: DateTimeKind = 'Unspecified',
): Timestamp {
  const valid =
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 &&
    fraction >= 0 && fraction < 10_000_000;
  if (!valid) {
    throw new ExpressionError('InvalidArgument', 'The string does not represent a valid date and time.');
  }
  const ticks =
    BigInt(dayNumber(year, month, day)) * TICKS_PER_DAY +
    BigInt(hour * 3600 + minute * 60 + second) * TICKS_PER_SECOND +
    BigInt(fraction);
  return { ticks, kind };
}

export function fromEpochMilliseconds(ms: number, kind: DateTimeKind = 'Utc'): Timestamp {
  return timestamp(UNIX_EPOCH_TICKS + BigInt(Math.floor(ms)) * TICKS_PER_MILLISECOND, kind);
}

/** Milliseconds since 1970 of the wall clock (floor; sub-millisecond ticks are dropped). */
export function toEpochMilliseconds(ts: Timestamp): number {
  const delta = ts.ticks - UNIX_EPOCH_TICKS;
  let ms = delta / TICKS_PER_MILLISECOND;
  if (delta < 0n && delta % TICKS_PER_MILLISECOND !== 0n) ms -= 1n;
  return Number(ms);
}

export function addTicks(ts: Timestamp, delta: bigint): Timestamp {
  return timestamp(ts.ticks + delta, ts.kind);
}

/** DateTime.AddMonths: the day is clamped to the last day of the resulting month. */
export function addMonths(ts: Timestamp, months: number): Timestamp {
  if (!Number.isInteger(months) || Math.abs(months) > 120_000) throw outOfRange();
  const f = fieldsOf(ts);
  const index = f.year * 12 + (f.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  if (year < 1 || year > 9999) throw outOfRange();
  const day = Math.min(f.day, daysInMonth(year, month));
  const timeOfDay = ts.ticks % TICKS_PER_DAY;
  return timestamp(BigInt(dayNumber(year, month, day)) * TICKS_PER_DAY + timeOfDay, ts.kind);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The "o" round-trip form: 2018-03-15T13:00:00.0000000Z (no suffix for Unspecified). */
export function formatRoundTrip(ts: Timestamp): string {
  const f = fieldsOf(ts);
  return (
    `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}` +
    `.${pad(f.fraction, 7)}${ts.kind === 'Utc' ? 'Z' : ''}`
  );
}

/** Converts up to any number of fraction digits to ticks, rounding beyond the 7th like DateTime.Parse. */
export function fractionToTicks(digits: string): number {
  if (digits.length <= 7) return Number(digits.padEnd(7, '0'));
  const head = Number(digits.slice(0, 7));
  return digits.charCodeAt(7) >= 53 /* '5' */ ? head + 1 : head;
}
