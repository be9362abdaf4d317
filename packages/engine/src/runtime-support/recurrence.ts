/**
 * Recurrence triggers: the next time a `recurrence` fires after a given instant.
 * Facts carried over from the Logic Apps recurrence docs: frequency Second…Month with an interval;
 * a startTime without offset is wall-clock time in `timeZone` (UTC when absent), and a start in
 * the past still fixes the phase of later occurrences; a `schedule` (hours, minutes, weekDays for
 * Week, monthDays for Month) picks times inside each eligible day/week/month, and the parts it does
 * not give (hours, minutes, the day) come from startTime; scheduled times fire on the minute mark.
 * Without a startTime, `after` plays its part (the service uses the time the workflow was saved);
 * the result is always strictly after `after`, so an immediate first run on save is the caller's call. Day/Week/Month steps follow the wall
 * clock, so 09:00 stays 09:00 across daylight saving; a wall time that falls in a spring-forward
 * gap runs at the same offset as before the gap (an hour later on the clock), and one that occurs
 * twice runs at the first.
 *
 * Time zones: UTC, Windows names (what the designer writes, e.g. "W. Europe Standard Time", looked
 * up through @riposte/expressions) and IANA names; `options.resolveTimeZone` replaces the Windows lookup.
 */
import { ExpressionError, findTimeZone } from '@riposte/expressions';

export type RecurrenceFrequency = 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month';
export type WeekDay = 'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';

export interface RecurrenceSchedule {
  hours?: number[];
  minutes?: number[];
  weekDays?: string[];
  monthDays?: number[];
}

export interface Recurrence {
  frequency: string;
  interval: number;
  startTime?: string;
  timeZone?: string;
  schedule?: RecurrenceSchedule;
}

export interface RecurrenceOptions {
  /** Maps a non-IANA zone name to an IANA name (undefined when unknown); defaults to the Windows zone table. */
  resolveTimeZone?: (name: string) => string | undefined;
}

export class RecurrenceError extends Error {
  override readonly name = 'RecurrenceError';
  readonly code = 'InvalidRecurrence';
  readonly pointer: string;
  constructor(pointer: string, message: string) {
    super(`recurrence${pointer}: ${message}`);
    this.pointer = pointer;
  }
}

const FREQUENCIES: readonly RecurrenceFrequency[] = ['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month'];
// Documented interval limits per frequency.
const MAX_INTERVAL: Record<RecurrenceFrequency, number> = {
  Second: 9_999_999,
  Minute: 72_000,
  Hour: 12_000,
  Day: 500,
  Week: 71,
  Month: 16,
};
const WEEK_DAYS: readonly WeekDay[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FIXED_STEP_MS: Partial<Record<RecurrenceFrequency, number>> = { Second: 1_000, Minute: 60_000, Hour: 3_600_000 };
const DAY_MS = 86_400_000;
const MAX_PERIODS_SEARCHED = 5_000;

/** The first occurrence strictly after `after`. Throws RecurrenceError for an invalid recurrence. */
export function nextOccurrence(recurrence: Recurrence, after: Date, options: RecurrenceOptions = {}): Date {
  const frequency = readFrequency(recurrence.frequency);
  const interval = readInterval(recurrence.interval, frequency);
  const zone = resolveZone(recurrence.timeZone, options);
  const afterMs = after.getTime();
  if (!Number.isFinite(afterMs)) throw new RecurrenceError('', 'the reference instant is not a valid date');
  const startMs = recurrence.startTime === undefined ? afterMs : parseStart(recurrence.startTime, zone);

  const fixedStep = FIXED_STEP_MS[frequency];
  if (fixedStep !== undefined) {
    // Absolute steps: a DST change does not move an hourly trigger.
    const step = fixedStep * interval;
    if (afterMs < startMs) return new Date(startMs);
    return new Date(startMs + (Math.floor((afterMs - startMs) / step) + 1) * step);
  }

  const startWall = startMs + offsetMs(zone, startMs);
  const schedule = readSchedule(recurrence.schedule, frequency, startWall);
  const periodIndex = estimatePeriod(frequency, interval, startWall, afterMs + offsetMs(zone, afterMs));
  for (let k = Math.max(0, periodIndex - 1), searched = 0; searched < MAX_PERIODS_SEARCHED; k++, searched++) {
    for (const wall of occurrencesInPeriod(frequency, interval, k, startWall, schedule)) {
      const utc = wallToUtc(zone, wall);
      if (utc >= startMs && utc > afterMs) return new Date(utc);
    }
  }
  throw new RecurrenceError('/schedule', 'no occurrence matches this schedule');
}

/** Lists problems of a recurrence (empty when valid), with JSON pointers relative to it. */
export function validateRecurrence(recurrence: unknown, options: RecurrenceOptions = {}): { pointer: string; message: string }[] {
  try {
    nextOccurrence(recurrence as Recurrence, new Date(0), options);
    return [];
  } catch (e) {
    if (e instanceof RecurrenceError) return [{ pointer: e.pointer, message: e.message.slice(e.message.indexOf(': ') + 2) }];
    throw e;
  }
}

interface ResolvedSchedule {
  times: number[]; // ms after local midnight, ascending
  weekDays: number[]; // 0 = Sunday, ascending
  monthDays: number[]; // 1..31 or -1 (last day)
}

function readFrequency(value: unknown): RecurrenceFrequency {
  const found = typeof value === 'string' ? FREQUENCIES.find((f) => f.toLowerCase() === value.toLowerCase()) : undefined;
  if (!found) throw new RecurrenceError('/frequency', `expected one of ${FREQUENCIES.join(', ')}, got ${JSON.stringify(value) ?? 'nothing'}`);
  return found;
}

function readInterval(value: unknown, frequency: RecurrenceFrequency): number {
  const max = MAX_INTERVAL[frequency];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new RecurrenceError('/interval', `expected an integer from 1 to ${max} for frequency ${frequency}, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function resolveZone(name: string | undefined, options: RecurrenceOptions): string {
  if (name === undefined || name === '' || /^(utc|coordinated universal time)$/i.test(name)) return 'UTC';
  if (typeof name !== 'string') throw new RecurrenceError('/timeZone', `expected a time zone name, got ${typeof name}`);
  if (isIanaZone(name)) return name;
  const mapped = (options.resolveTimeZone ?? windowsZoneToIana)(name);
  if (mapped && isIanaZone(mapped)) return mapped;
  throw new RecurrenceError('/timeZone', `unknown time zone '${name}'`);
}

function windowsZoneToIana(name: string): string | undefined {
  try {
    return findTimeZone(name).iana;
  } catch (e) {
    if (e instanceof ExpressionError) return undefined;
    throw e;
  }
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const START = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?$/;

function parseStart(text: unknown, zone: string): number {
  const m = typeof text === 'string' ? START.exec(text) : null;
  if (!m) throw new RecurrenceError('/startTime', `expected a date-time like 2026-01-31T09:00:00, got ${JSON.stringify(text) ?? 'nothing'}`);
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Number(`0.${frac ?? 0}`) * 1000);
  const check = new Date(wall);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) {
    throw new RecurrenceError('/startTime', `'${text as string}' is not a real date-time`);
  }
  if (offset === undefined) return wallToUtc(zone, wall);
  if (offset === 'Z') return wall;
  const sign = offset.startsWith('-') ? -1 : 1;
  return wall - sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}

function readSchedule(schedule: RecurrenceSchedule | undefined, frequency: RecurrenceFrequency, startWall: number): ResolvedSchedule {
  const start = new Date(startWall);
  const timeOfStart = startWall - Math.floor(startWall / DAY_MS) * DAY_MS;
  const s = schedule ?? {};
  if (schedule !== undefined && (schedule === null || typeof schedule !== 'object' || Array.isArray(schedule))) {
    throw new RecurrenceError('/schedule', 'expected an object');
  }
  const hours = readNumbers(s.hours, '/schedule/hours', 0, 23) ?? [start.getUTCHours()];
  const minutes = readNumbers(s.minutes, '/schedule/minutes', 0, 59) ?? [start.getUTCMinutes()];
  // Scheduled hours/minutes fire on the minute mark ("daily at 8:30"), whatever second the start had.
  const times = schedule?.hours || schedule?.minutes
    ? [...new Set(hours.flatMap((h) => minutes.map((m) => h * 3_600_000 + m * 60_000)))].sort((a, b) => a - b)
    : [timeOfStart];
  let weekDays = [start.getUTCDay()];
  if (s.weekDays !== undefined) {
    if (frequency !== 'Week') throw new RecurrenceError('/schedule/weekDays', 'is only allowed with frequency Week');
    if (!Array.isArray(s.weekDays) || s.weekDays.length === 0) throw new RecurrenceError('/schedule/weekDays', 'expected a non-empty array of day names');
    weekDays = [
      ...new Set(
        s.weekDays.map((name, i) => {
          const index = typeof name === 'string' ? WEEK_DAYS.findIndex((w) => w.toLowerCase() === name.toLowerCase()) : -1;
          if (index < 0) throw new RecurrenceError(`/schedule/weekDays/${i}`, `expected a day name such as Monday, got ${JSON.stringify(name)}`);
          return index;
        }),
      ),
    ].sort((a, b) => a - b);
  }
  let monthDays = [start.getUTCDate()];
  if (s.monthDays !== undefined) {
    if (frequency !== 'Month') throw new RecurrenceError('/schedule/monthDays', 'is only allowed with frequency Month');
    const days = readNumbers(s.monthDays, '/schedule/monthDays', -1, 31) ?? [];
    if (days.includes(0)) throw new RecurrenceError('/schedule/monthDays', 'day 0 does not exist; use 1–31 or -1 for the last day');
    monthDays = days;
  }
  return { times, weekDays, monthDays };
}

function readNumbers(value: unknown, pointer: string, min: number, max: number): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw new RecurrenceError(pointer, `expected a non-empty array of integers from ${min} to ${max}`);
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new RecurrenceError(`${pointer}/${i}`, `expected an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
  });
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

/** Index of the period (day, week or month block) that contains the wall time `wall`. */
function estimatePeriod(frequency: RecurrenceFrequency, interval: number, startWall: number, wall: number): number {
  if (frequency === 'Month') {
    const s = new Date(startWall);
    const a = new Date(wall);
    const months = (a.getUTCFullYear() - s.getUTCFullYear()) * 12 + a.getUTCMonth() - s.getUTCMonth();
    return Math.floor(months / interval);
  }
  const periodDays = frequency === 'Week' ? 7 * interval : interval;
  const anchor = frequency === 'Week' ? weekStart(startWall) : dayStart(startWall);
  return Math.floor((dayStart(wall) - anchor) / (periodDays * DAY_MS));
}

/** Wall-clock instants (ascending) of period `k`. */
function occurrencesInPeriod(frequency: RecurrenceFrequency, interval: number, k: number, startWall: number, schedule: ResolvedSchedule): number[] {
  let days: number[];
  if (frequency === 'Day') {
    days = [dayStart(startWall) + k * interval * DAY_MS];
  } else if (frequency === 'Week') {
    const week = weekStart(startWall) + k * interval * 7 * DAY_MS;
    days = schedule.weekDays.map((d) => week + d * DAY_MS);
  } else {
    const s = new Date(startWall);
    const totalMonths = s.getUTCFullYear() * 12 + s.getUTCMonth() + k * interval;
    const year = Math.floor(totalMonths / 12);
    const month = totalMonths - year * 12;
    const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const first = Date.UTC(year, month, 1);
    // Days past the end of a short month are skipped, as the service does; -1 is always the last day.
    days = [...new Set(schedule.monthDays.map((d) => (d === -1 ? length : d)).filter((d) => d <= length))]
      .sort((a, b) => a - b)
      .map((d) => first + (d - 1) * DAY_MS);
  }
  return days.flatMap((day) => schedule.times.map((t) => day + t));
}

function dayStart(wall: number): number {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

function weekStart(wall: number): number {
  const day = dayStart(wall);
  return day - new Date(day).getUTCDay() * DAY_MS;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `zone` from UTC, in ms, at the UTC instant `utcMs`. */
function offsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const whole = Math.floor(utcMs / 1000) * 1000;
  const parts = Object.fromEntries(f.formatToParts(whole).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - whole;
}

/** UTC instant of a wall-clock time: the earlier one when it occurs twice, shifted past a DST gap. */
function wallToUtc(zone: string, wall: number): number {
  if (zone === 'UTC') return wall;
  const before = offsetMs(zone, wall - DAY_MS);
  const after = offsetMs(zone, wall + DAY_MS);
  const valid = [before, after].filter((o) => offsetMs(zone, wall - o) === o);
  if (valid.length === 0) return wall - before;
  return wall - Math.max(...valid);
}
