import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvaluationHost } from '../context.ts';
import { ExpressionError } from '../errors.ts';
import { registerDateTimeFunctions } from './date-time.ts';
import { FunctionRegistry } from './registry.ts';

const registry = new FunctionRegistry();
registerDateTimeFunctions(registry);

function hostAt(iso: string): EvaluationHost {
  return { now: () => new Date(iso), random: () => 0.5, guid: () => '00000000-0000-0000-0000-000000000000' };
}

let host = hostAt('2018-04-15T13:00:00Z');
const call = (name: string, ...args: unknown[]): unknown => {
  const spec = registry.require(name);
  expect(args.length).toBeGreaterThanOrEqual(spec.minArgs);
  expect(args.length).toBeLessThanOrEqual(spec.maxArgs);
  return spec.fn(args, { host });
};

describe('documented examples (Logic Apps functions reference)', () => {
  it('addDays / addHours / addMinutes / addSeconds', () => {
    expect(call('addDays', '2018-03-15T00:00:00Z', 10)).toBe('2018-03-25T00:00:00.0000000Z');
    expect(call('addDays', '2018-03-15T00:00:00Z', -5)).toBe('2018-03-10T00:00:00.0000000Z');
    expect(call('addHours', '2018-03-15T00:00:00Z', 10)).toBe('2018-03-15T10:00:00.0000000Z');
    expect(call('addHours', '2018-03-15T15:00:00Z', -5)).toBe('2018-03-15T10:00:00.0000000Z');
    expect(call('addMinutes', '2018-03-15T00:10:00Z', 10)).toBe('2018-03-15T00:20:00.0000000Z');
    expect(call('addMinutes', '2018-03-15T00:20:00Z', -5)).toBe('2018-03-15T00:15:00.0000000Z');
    expect(call('addSeconds', '2018-03-15T00:00:00Z', 10)).toBe('2018-03-15T00:00:10.0000000Z');
    expect(call('addSeconds', '2018-03-15T00:00:30Z', -5)).toBe('2018-03-15T00:00:25.0000000Z');
  });

  it('addToTime / subtractFromTime', () => {
    expect(call('addToTime', '2018-01-01T00:00:00Z', 1, 'Day')).toBe('2018-01-02T00:00:00.0000000Z');
    expect(call('addToTime', '2018-01-01T00:00:00Z', 1, 'Day', 'D')).toBe('Tuesday, January 2, 2018');
    expect(call('subtractFromTime', '2018-01-02T00:00:00Z', 1, 'Day')).toBe('2018-01-01T00:00:00.0000000Z');
    // The reference page prints "Monday, January, 1, 2018" (a typo); .NET's "D" has no comma after the month.
    expect(call('subtractFromTime', '2018-01-02T00:00:00Z', 1, 'Day', 'D')).toBe('Monday, January 1, 2018');
  });

  it('convertFromUtc / convertTimeZone / convertToUtc', () => {
    expect(call('convertFromUtc', '2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')).toBe('2018-01-01T00:00:00.0000000');
    expect(call('convertFromUtc', '2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')).toBe('Monday, January 1, 2018');
    expect(call('convertTimeZone', '2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')).toBe('2018-01-01T00:00:00.0000000');
    expect(call('convertTimeZone', '2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')).toBe('Monday, January 1, 2018');
    expect(call('convertToUtc', '01/01/2018 00:00:00', 'Pacific Standard Time')).toBe('2018-01-01T08:00:00.0000000Z');
    expect(call('convertToUtc', '01/01/2018 00:00:00', 'Pacific Standard Time', 'D')).toBe('Monday, January 1, 2018');
  });

  it('dateDifference', () => {
    expect(call('dateDifference', '2015-02-08', '2018-07-30')).toBe('1268.00:00:00');
  });

  it('dayOfMonth / dayOfWeek / dayOfYear', () => {
    expect(call('dayOfMonth', '2018-03-15T13:27:36Z')).toBe(15);
    expect(call('dayOfWeek', '2018-03-15T13:27:36Z')).toBe(4);
    expect(call('dayOfYear', '2018-03-15T13:27:36Z')).toBe(74);
  });

  it('formatDateTime', () => {
    expect(call('formatDateTime', '03/15/2018')).toBe('2018-03-15T00:00:00.0000000');
    expect(call('formatDateTime', '03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')).toBe('2018-03-15T12:00:00');
    expect(call('formatDateTime', '01/31/2016', 'dddd MMMM d')).toBe('Sunday January 31');
    expect(call('formatDateTime', '01/31/2016', 'dddd MMMM d', 'fr-fr')).toBe('dimanche janvier 31');
    expect(call('formatDateTime', '01/31/2016', 'dddd MMMM d', 'fr-FR')).toBe('dimanche janvier 31');
    expect(call('formatDateTime', '01/31/2016', 'dddd MMMM d', 'es-es')).toBe('domingo enero 31');
  });

  it('getFutureTime / getPastTime read the host clock', () => {
    host = hostAt('2018-03-01T00:00:00Z');
    expect(call('getFutureTime', 5, 'Day')).toBe('2018-03-06T00:00:00.0000000Z');
    expect(call('getFutureTime', 5, 'Day', 'D')).toBe('Tuesday, March 6, 2018');
    host = hostAt('2018-02-01T00:00:00Z');
    expect(call('getPastTime', 5, 'Day')).toBe('2018-01-27T00:00:00.0000000Z');
    expect(call('getPastTime', 5, 'Day', 'D')).toBe('Saturday, January 27, 2018');
  });

  it('parseDateTime', () => {
    expect(call('parseDateTime', '20/10/2014', 'fr-fr')).toBe('2014-10-20T00:00:00.0000000');
    expect(call('parseDateTime', '20 octobre 2010', 'fr-FR')).toBe('2010-10-20T00:00:00.0000000');
    expect(call('parseDateTime', 'martes 20 octubre 2020', 'es-es')).toBe('2020-10-20T00:00:00.0000000');
    expect(call('parseDateTime', '21052019', 'fr-fr', 'ddMMyyyy')).toBe('2019-05-21T00:00:00.0000000');
    expect(call('parseDateTime', '10/20/2014 15h', 'en-US', 'MM/dd/yyyy HH\\h')).toBe('2014-10-20T15:00:00.0000000');
    expect(call('parseDateTime', '2018-03-15T13:27:36Z')).toBe('2018-03-15T13:27:36.0000000Z');
  });

  it('startOfDay / startOfHour / startOfMonth', () => {
    expect(call('startOfDay', '2018-03-15T13:30:30Z')).toBe('2018-03-15T00:00:00.0000000Z');
    expect(call('startOfHour', '2018-03-15T13:30:30Z')).toBe('2018-03-15T13:00:00.0000000Z');
    expect(call('startOfMonth', '2018-03-15T13:30:30Z')).toBe('2018-03-01T00:00:00.0000000Z');
    expect(call('startOfMonth', '2018-03-15T13:30:30Z', 'yyyy-MM-dd')).toBe('2018-03-01');
  });

  it('utcNow', () => {
    host = hostAt('2018-04-15T13:00:00Z');
    expect(call('utcNow')).toBe('2018-04-15T13:00:00.0000000Z');
    expect(call('utcNow', 'D')).toBe('Sunday, April 15, 2018');
  });
});

describe('behaviour beyond the examples', () => {
  it('utcNow prints seven fraction digits from the host clock', () => {
    host = hostAt('2026-11-29T03:04:05.123Z');
    expect(call('utcNow')).toBe('2026-11-29T03:04:05.1230000Z');
    expect(call('utcNow', 'yyyy')).toBe('2026');
  });

  it('prints all seven fraction digits when the host offers a tick clock', () => {
    const ticks = 621355968000000000n + BigInt(Date.UTC(2026, 10, 29, 3, 4, 5)) * 10_000n + 1234567n;
    const tickHost = { ...hostAt('2026-11-29T03:04:05.123Z'), nowTicks: () => ticks };
    expect(registry.require('utcNow').fn([], { host: tickHost })).toBe('2026-11-29T03:04:05.1234567Z');
    expect(registry.require('getFutureTime').fn([1, 'Second'], { host: tickHost })).toBe('2026-11-29T03:04:06.1234567Z');
  });

  it('keeps all seven fraction digits through arithmetic', () => {
    expect(call('addSeconds', '2018-03-15T00:00:00.1234567Z', 1)).toBe('2018-03-15T00:00:01.1234567Z');
    expect(call('addDays', '2018-03-15T00:00:00.0000001', 1)).toBe('2018-03-16T00:00:00.0000001');
    expect(call('addToTime', '2018-01-31T10:00:00.9999999Z', 1, 'Month')).toBe('2018-02-28T10:00:00.9999999Z');
  });

  it('clamps month and year arithmetic to the month end like AddMonths', () => {
    expect(call('addToTime', '2018-01-31T00:00:00Z', 1, 'Month')).toBe('2018-02-28T00:00:00.0000000Z');
    expect(call('addToTime', '2020-02-29T00:00:00Z', 1, 'Year')).toBe('2021-02-28T00:00:00.0000000Z');
    expect(call('subtractFromTime', '2018-03-31T00:00:00Z', 1, 'Month')).toBe('2018-02-28T00:00:00.0000000Z');
    expect(call('addToTime', '2018-01-01T00:00:00Z', 2, 'week')).toBe('2018-01-15T00:00:00.0000000Z');
    expect(call('addToTime', '2018-01-01T00:00:00Z', 90, 'SECOND')).toBe('2018-01-01T00:01:30.0000000Z');
    host = hostAt('2026-11-29T03:04:05.123Z');
    expect(call('getFutureTime', 1, 'Month')).toBe('2026-12-29T03:04:05.1230000Z');
  });

  it('rejects unknown time units and fractional months', () => {
    expect(() => call('addToTime', '2018-01-01T00:00:00Z', 1, 'Fortnight')).toThrow(ExpressionError);
    expect(() => call('addToTime', '2018-01-01T00:00:00Z', 1.5, 'Month')).toThrow(ExpressionError);
  });

  it('converts across DST transitions', () => {
    expect(call('convertTimeZone', '2018-03-11T01:30:00', 'Pacific Standard Time', 'UTC')).toBe('2018-03-11T09:30:00.0000000Z');
    expect(call('convertTimeZone', '2018-03-11T03:30:00', 'Pacific Standard Time', 'UTC')).toBe('2018-03-11T10:30:00.0000000Z');
    expect(() => call('convertTimeZone', '2018-03-11T02:30:00', 'Pacific Standard Time', 'UTC')).toThrow(ExpressionError);
    expect(call('convertTimeZone', '2018-11-04T01:30:00', 'Pacific Standard Time', 'UTC')).toBe('2018-11-04T09:30:00.0000000Z');
    expect(call('convertTimeZone', '2018-07-01T12:00:00', 'Pacific Standard Time', 'W. Europe Standard Time')).toBe('2018-07-01T21:00:00.0000000');
    expect(call('convertTimeZone', '2018-01-01T12:00:00', 'Pacific Standard Time', 'W. Europe Standard Time')).toBe('2018-01-01T21:00:00.0000000');
    expect(call('convertTimeZone', '2018-03-20T12:00:00', 'Pacific Standard Time', 'W. Europe Standard Time')).toBe('2018-03-20T20:00:00.0000000');
    expect(call('convertTimeZone', '2018-03-25T00:59:00Z', 'UTC', 'W. Europe Standard Time')).toBe('2018-03-25T01:59:00.0000000');
    expect(call('convertTimeZone', '2018-03-25T01:00:00Z', 'UTC', 'W. Europe Standard Time')).toBe('2018-03-25T03:00:00.0000000');
    expect(call('convertTimeZone', '2018-10-28T02:30:00', 'W. Europe Standard Time', 'UTC')).toBe('2018-10-28T01:30:00.0000000Z');
    expect(call('convertFromUtc', '2018-06-01T00:00:00Z', 'India Standard Time')).toBe('2018-06-01T05:30:00.0000000');
    expect(call('convertFromUtc', '2018-06-01T00:00:00Z', 'Tokyo Standard Time', 'HH:mm')).toBe('09:00');
  });

  it('names an unknown time zone', () => {
    expect(() => call('convertFromUtc', '2018-01-01T00:00:00Z', 'Atlantis Time')).toThrow(/Atlantis Time/);
  });

  it('prints dateDifference as a .NET TimeSpan', () => {
    expect(call('dateDifference', '2018-07-30', '2015-02-08')).toBe('-1268.00:00:00');
    expect(call('dateDifference', '2018-01-01T00:00:00Z', '2018-01-11T01:02:03Z')).toBe('10.01:02:03');
    expect(call('dateDifference', '2018-01-01T00:00:00Z', '2018-01-01T00:00:00.5Z')).toBe('00:00:00.5000000');
    expect(call('dateDifference', '2018-01-01T00:00:00Z', '2018-01-01T00:00:00Z')).toBe('00:00:00');
  });

  it('counts ticks since 0001-01-01', () => {
    expect(call('ticks', '0001-01-01T00:00:00Z')).toBe(0);
    expect(call('ticks', '1970-01-01T00:00:01Z')).toBe(621355968010000000);
  });

  it('reports bad input as InvalidArgument ExpressionErrors', () => {
    for (const attempt of [
      () => call('addDays', 'not a date', 1),
      () => call('addDays', 42, 1),
      () => call('addDays', '2018-01-01', '1'),
      () => call('formatDateTime', '2018-01-01', 'ffffffff'),
      () => call('formatDateTime', '2018-01-01', 'd', 'xx-not-a-locale-at-all'),
      () => call('addDays', '9999-12-31T00:00:00Z', 1),
    ]) {
      expect(attempt).toThrow(ExpressionError);
    }
  });

  it('addSeconds(n) then addSeconds(-n) is the identity', () => {
    const stamps = fc
      .record({
        ms: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        sub: fc.integer({ min: 0, max: 9999 }),
        utc: fc.boolean(),
      })
      .map(({ ms, sub, utc }) => `${new Date(ms).toISOString().slice(0, -1)}${String(sub).padStart(4, '0')}${utc ? 'Z' : ''}`);
    fc.assert(
      fc.property(stamps, fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }), (stamp, n) => {
        const there = call('addSeconds', stamp, n);
        expect(call('addSeconds', there, -n)).toBe(stamp);
      }),
      { numRuns: 500 },
    );
  });
});
