/**
 * Date and time functions with .NET DateTime semantics: 100-ns ticks, AddMonths clamping, the
 * "o" round-trip output by default, .NET standard/custom format strings, Windows time-zone names.
 * The clock is read only through ctx.host.now(), so runs replay deterministically.
 * The .NET pieces (parsing, formatting, zones) live in ../dotnet/.
 */
import { expectNumber, expectString } from './args.ts';
import { argValueError, ExpressionError } from '../errors.ts';
import type { FunctionCallContext, FunctionRegistry, FunctionSpec } from './registry.ts';
import { resolveDateCulture } from '../dotnet/date-culture.ts';
import { formatTimestamp } from '../dotnet/date-format.ts';
import { parseExact } from '../dotnet/parse-exact.ts';
import { findTimeZone, isUtcZone, utcToZone, zoneToUtc } from '../dotnet/time-zones.ts';
import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  type Timestamp,
  addMonths,
  addTicks,
  fieldsOf,
  fromEpochMilliseconds,
  fromFields,
  timestamp,
} from '../dotnet/timestamp.ts';
import { parseTimestamp } from '../dotnet/timestamp-parse.ts';
import { formatTimeSpan } from '../dotnet/time-span.ts';

type Today = { year: number; month: number; day: number };

/**
 * A host may also offer the clock in .NET ticks (100 ns since 0001-01-01 UTC); EvaluationHost.now()
 * returns a Date, which stops at milliseconds, so utcNow() would print '…05.1230000Z' otherwise.
 */
export interface TickClock {
  nowTicks(): bigint;
}

function now(ctx: FunctionCallContext): Timestamp {
  const precise = (ctx.host as Partial<TickClock>).nowTicks;
  if (typeof precise === 'function') return timestamp(precise.call(ctx.host), 'Utc');
  return fromEpochMilliseconds(ctx.host.now().getTime(), 'Utc');
}

function today(ctx: FunctionCallContext): () => Today {
  return () => fieldsOf(now(ctx));
}

function readTimestamp(fn: string, index: number, value: unknown, ctx: FunctionCallContext): Timestamp {
  return parseTimestamp(expectString(fn, index, value), { today: today(ctx) });
}

/** An optional format argument; omitted or null means the round-trip "o" format. */
function readFormat(fn: string, index: number, value: unknown): string {
  if (value === undefined || value === null) return 'o';
  return expectString(fn, index, value);
}

function readLocale(fn: string, index: number, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return expectString(fn, index, value);
}

const UNIT_TICKS: Record<string, bigint> = {
  second: TICKS_PER_SECOND,
  minute: TICKS_PER_MINUTE,
  hour: TICKS_PER_HOUR,
  day: TICKS_PER_DAY,
  week: 7n * TICKS_PER_DAY,
};

/** Ticks for `amount` units; fractional amounts round to the millisecond as DateTime.Add* does. */
function scaledTicks(amount: number, unit: bigint): bigint {
  if (Number.isInteger(amount)) return BigInt(amount) * unit;
  const ms = Math.round(amount * Number(unit / TICKS_PER_MILLISECOND));
  if (!Number.isSafeInteger(ms)) throw outOfRange();
  return BigInt(ms) * TICKS_PER_MILLISECOND;
}

function outOfRange(): ExpressionError {
  return new ExpressionError('InvalidArgument', 'The resulting timestamp is outside the supported date range.');
}

/** Adds `interval` time units (Second … Year, any letter case) like Logic Apps' addToTime. */
function addInterval(fn: string, unitIndex: number, ts: Timestamp, interval: number, unitArg: unknown): Timestamp {
  const unit = expectString(fn, unitIndex, unitArg).trim().toLowerCase();
  if (unit === 'month' || unit === 'year') {
    if (!Number.isInteger(interval)) {
      throw argValueError(fn, unitIndex - 1, `a number of ${unit}s must be a whole number, got ${interval}`);
    }
    return addMonths(ts, unit === 'year' ? interval * 12 : interval);
  }
  const unitTicks = UNIT_TICKS[unit];
  if (unitTicks === undefined) {
    throw argValueError(
      fn,
      unitIndex,
      `the time unit '${String(unitArg)}' is not one of Second, Minute, Hour, Day, Week, Month, Year`,
    );
  }
  return addTicks(ts, scaledTicks(interval, unitTicks));
}

function spec(name: string, minArgs: number, maxArgs: number, fn: FunctionSpec['fn']): FunctionSpec {
  return { name, minArgs, maxArgs, fn };
}

function addUnitFunction(name: string, unit: bigint): FunctionSpec {
  return spec(name, 2, 3, ([ts, amount, format], ctx) => {
    const result = addTicks(readTimestamp(name, 0, ts, ctx), scaledTicks(expectNumber(name, 1, amount), unit));
    return formatTimestamp(result, readFormat(name, 2, format));
  });
}

function startOf(name: string, truncate: (ts: Timestamp) => Timestamp): FunctionSpec {
  return spec(name, 1, 2, ([ts, format], ctx) =>
    formatTimestamp(truncate(readTimestamp(name, 0, ts, ctx)), readFormat(name, 1, format)));
}

/** The result Kind after a zone conversion: UTC output prints 'Z', any other zone prints no suffix. */
function inZone(ticks: bigint, destinationIsUtc: boolean): Timestamp {
  return timestamp(ticks, destinationIsUtc ? 'Utc' : 'Unspecified');
}

/** Registers addDays … utcNow on `registry`. */
export function registerDateTimeFunctions(registry: FunctionRegistry): void {
  registry.register(addUnitFunction('addDays', TICKS_PER_DAY));
  registry.register(addUnitFunction('addHours', TICKS_PER_HOUR));
  registry.register(addUnitFunction('addMinutes', TICKS_PER_MINUTE));
  registry.register(addUnitFunction('addSeconds', TICKS_PER_SECOND));

  registry.register(spec('addToTime', 3, 4, ([ts, interval, unit, format], ctx) => {
    const result = addInterval('addToTime', 2, readTimestamp('addToTime', 0, ts, ctx), expectNumber('addToTime', 1, interval), unit);
    return formatTimestamp(result, readFormat('addToTime', 3, format));
  }));
  registry.register(spec('subtractFromTime', 3, 4, ([ts, interval, unit, format], ctx) => {
    const amount = -expectNumber('subtractFromTime', 1, interval);
    const result = addInterval('subtractFromTime', 2, readTimestamp('subtractFromTime', 0, ts, ctx), amount, unit);
    return formatTimestamp(result, readFormat('subtractFromTime', 3, format));
  }));
  registry.register(spec('getFutureTime', 2, 3, ([interval, unit, format], ctx) => {
    const result = addInterval('getFutureTime', 1, now(ctx), expectNumber('getFutureTime', 0, interval), unit);
    return formatTimestamp(result, readFormat('getFutureTime', 2, format));
  }));
  registry.register(spec('getPastTime', 2, 3, ([interval, unit, format], ctx) => {
    const result = addInterval('getPastTime', 1, now(ctx), -expectNumber('getPastTime', 0, interval), unit);
    return formatTimestamp(result, readFormat('getPastTime', 2, format));
  }));

  registry.register(spec('convertFromUtc', 2, 3, ([ts, destination, format], ctx) => {
    const input = readTimestamp('convertFromUtc', 0, ts, ctx);
    const zone = findTimeZone(expectString('convertFromUtc', 1, destination));
    return formatTimestamp(inZone(utcToZone(zone, input.ticks), isUtcZone(zone)), readFormat('convertFromUtc', 2, format));
  }));
  registry.register(spec('convertToUtc', 2, 3, ([ts, source, format], ctx) => {
    const input = readTimestamp('convertToUtc', 0, ts, ctx);
    const zone = findTimeZone(expectString('convertToUtc', 1, source));
    // A value already marked UTC ('Z' or an offset) is an instant; only wall-clock times move.
    const utc = input.kind === 'Utc' ? input.ticks : zoneToUtc(zone, input.ticks);
    return formatTimestamp(timestamp(utc, 'Utc'), readFormat('convertToUtc', 2, format));
  }));
  registry.register(spec('convertTimeZone', 3, 4, ([ts, source, destination, format], ctx) => {
    const input = readTimestamp('convertTimeZone', 0, ts, ctx);
    const from = findTimeZone(expectString('convertTimeZone', 1, source));
    const to = findTimeZone(expectString('convertTimeZone', 2, destination));
    const utc = input.kind === 'Utc' ? input.ticks : zoneToUtc(from, input.ticks);
    return formatTimestamp(inZone(utcToZone(to, utc), isUtcZone(to)), readFormat('convertTimeZone', 3, format));
  }));

  registry.register(spec('dateDifference', 2, 2, ([start, end], ctx) => {
    const from = readTimestamp('dateDifference', 0, start, ctx);
    const to = readTimestamp('dateDifference', 1, end, ctx);
    return formatTimeSpan(to.ticks - from.ticks);
  }));

  registry.register(spec('dayOfMonth', 1, 1, ([ts], ctx) => fieldsOf(readTimestamp('dayOfMonth', 0, ts, ctx)).day));
  registry.register(spec('dayOfWeek', 1, 1, ([ts], ctx) => fieldsOf(readTimestamp('dayOfWeek', 0, ts, ctx)).dayOfWeek));
  registry.register(spec('dayOfYear', 1, 1, ([ts], ctx) => fieldsOf(readTimestamp('dayOfYear', 0, ts, ctx)).dayOfYear));

  registry.register(spec('formatDateTime', 1, 3, ([ts, format, locale], ctx) => {
    const culture = resolveDateCulture(readLocale('formatDateTime', 2, locale));
    return formatTimestamp(readTimestamp('formatDateTime', 0, ts, ctx), readFormat('formatDateTime', 1, format), culture);
  }));

  registry.register(spec('parseDateTime', 1, 3, ([ts, locale, format], ctx) => {
    const text = expectString('parseDateTime', 0, ts);
    const culture = resolveDateCulture(readLocale('parseDateTime', 1, locale));
    const parsed = format === undefined || format === null
      ? parseTimestamp(text, { culture, today: today(ctx) })
      : parseExact(text, expectString('parseDateTime', 2, format), culture, today(ctx));
    return formatTimestamp(parsed, 'o');
  }));

  registry.register(startOf('startOfDay', (ts) => timestamp(ts.ticks - (ts.ticks % TICKS_PER_DAY), ts.kind)));
  registry.register(startOf('startOfHour', (ts) => timestamp(ts.ticks - (ts.ticks % TICKS_PER_HOUR), ts.kind)));
  registry.register(startOf('startOfMonth', (ts) => {
    const f = fieldsOf(ts);
    return fromFields(f.year, f.month, 1, 0, 0, 0, 0, ts.kind);
  }));

  // Ticks near 6.4e17 exceed 2^53: the result is the nearest double (within 64 ticks).
  registry.register(spec('ticks', 1, 1, ([ts], ctx) => Number(readTimestamp('ticks', 0, ts, ctx).ticks)));

  registry.register(spec('utcNow', 0, 1, ([format], ctx) => formatTimestamp(now(ctx), readFormat('utcNow', 0, format))));
}
