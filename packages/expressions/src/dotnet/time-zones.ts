/**
 * Time-zone conversion for convertTimeZone/convertFromUtc/convertToUtc: a Windows zone name is
 * looked up (case-insensitively, punctuation optional as the Logic Apps docs allow), and its
 * offset at an instant comes from Intl with the equivalent IANA zone, so DST follows tzdata.
 * Like TimeZoneInfo.ConvertTime: a wall-clock time that falls in a spring-forward gap is an
 * error, and one that occurs twice (fall back) is read as standard time.
 */
import { ExpressionError } from '../errors.ts';
import { TICKS_PER_MILLISECOND, TICKS_PER_MINUTE, UNIX_EPOCH_TICKS } from './timestamp.ts';
import { WINDOWS_TO_IANA } from './windows-zones.ts';

export interface TimeZone {
  /** The Windows ID as Windows spells it, e.g. 'W. Europe Standard Time'. */
  windowsId: string;
  iana: string;
}

function lookupKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9+-]/g, '');
}

const BY_KEY = new Map<string, TimeZone>(
  Object.entries(WINDOWS_TO_IANA).map(([windowsId, iana]) => [lookupKey(windowsId), { windowsId, iana }]),
);

export const UTC_ZONE: TimeZone = { windowsId: 'UTC', iana: 'Etc/UTC' };

/** The zone for a Windows time-zone name; ExpressionError 'InvalidArgument' naming it otherwise. */
export function findTimeZone(name: string): TimeZone {
  const zone = BY_KEY.get(lookupKey(name));
  if (!zone || lookupKey(name) === '') {
    throw new ExpressionError(
      'InvalidArgument',
      `The time zone '${name}' is not a valid Windows time zone name (for example 'Pacific Standard Time' or 'UTC').`,
    );
  }
  return zone;
}

export function isUtcZone(zone: TimeZone): boolean {
  return zone.iana === 'Etc/UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(iana, f);
  }
  return f;
}

/** Offset east of UTC, in minutes, of `zone` at the instant `epochMs`. */
export function offsetMinutesAt(zone: TimeZone, epochMs: number): number {
  if (isUtcZone(zone)) return 0;
  const whole = Math.floor(epochMs / 1000) * 1000;
  const parts = formatterFor(zone.iana).formatToParts(whole);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  const wall = Date.UTC(2000, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const asUtc = new Date(wall);
  asUtc.setUTCFullYear(year);
  return Math.round((asUtc.getTime() - whole) / 60_000);
}

function ticksToMs(ticks: bigint): number {
  const delta = ticks - UNIX_EPOCH_TICKS;
  const ms = delta / TICKS_PER_MILLISECOND;
  return Number(delta < 0n && delta % TICKS_PER_MILLISECOND !== 0n ? ms - 1n : ms);
}

/** Wall-clock ticks in `zone` for a UTC instant given in ticks. */
export function utcToZone(zone: TimeZone, utcTicks: bigint): bigint {
  return utcTicks + BigInt(offsetMinutesAt(zone, ticksToMs(utcTicks))) * TICKS_PER_MINUTE;
}

/** The UTC instant (ticks) of a wall-clock time in `zone`. */
export function zoneToUtc(zone: TimeZone, localTicks: bigint): bigint {
  if (isUtcZone(zone)) return localTicks;
  const localMs = ticksToMs(localTicks);
  const day = 86_400_000;
  const candidates = new Set([offsetMinutesAt(zone, localMs - day), offsetMinutesAt(zone, localMs + day)]);
  const valid = [...candidates].filter((c) => offsetMinutesAt(zone, localMs - c * 60_000) === c);
  if (valid.length === 0) {
    throw new ExpressionError(
      'InvalidArgument',
      `The supplied time does not exist in the time zone '${zone.windowsId}' (it falls in a daylight saving time gap).`,
    );
  }
  // An ambiguous time (clocks fall back) is taken as standard time, the smaller offset.
  const offset = Math.min(...valid);
  return localTicks - BigInt(offset) * TICKS_PER_MINUTE;
}
