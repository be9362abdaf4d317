import { describe, expect, it } from 'vitest';
import {
  MAX_TICKS,
  UNIX_EPOCH_TICKS,
  addMonths,
  addTicks,
  dayNumber,
  fieldsOf,
  formatRoundTrip,
  fractionToTicks,
  fromEpochMilliseconds,
  fromFields,
  toEpochMilliseconds,
} from './timestamp.ts';
import { ExpressionError } from '../errors.ts';

describe('timestamp ticks and calendar', () => {
  it('counts ticks from 0001-01-01 like DateTime.Ticks', () => {
    expect(fromFields(1, 1, 1).ticks).toBe(0n);
    expect(fromFields(1970, 1, 1).ticks).toBe(UNIX_EPOCH_TICKS);
    expect(fromFields(2018, 3, 15, 13, 27, 36).ticks).toBe(UNIX_EPOCH_TICKS + BigInt(Date.UTC(2018, 2, 15, 13, 27, 36)) * 10_000n);
    expect(fromFields(9999, 12, 31, 23, 59, 59, 9_999_999).ticks).toBe(MAX_TICKS);
  });

  it('round-trips calendar fields for dates across the whole range', () => {
    for (const [y, m, d] of [[1, 1, 1], [1600, 2, 29], [1900, 2, 28], [2000, 2, 29], [2024, 12, 31], [9999, 12, 31]]) {
      const f = fieldsOf(fromFields(y, m, d, 23, 59, 58, 1234567));
      expect([f.year, f.month, f.day, f.hour, f.minute, f.second, f.fraction]).toEqual([y, m, d, 23, 59, 58, 1234567]);
    }
  });

  it('knows the day of week (0 = Sunday) and day of year', () => {
    const f = fieldsOf(fromFields(2018, 3, 15, 13, 27, 36));
    expect(f.dayOfWeek).toBe(4);
    expect(f.dayOfYear).toBe(74);
    expect(fieldsOf(fromFields(1, 1, 1)).dayOfWeek).toBe(1);
    expect(fieldsOf(fromFields(2016, 12, 31)).dayOfYear).toBe(366);
  });

  it('rejects impossible dates with an ExpressionError', () => {
    expect(() => fromFields(2019, 2, 29)).toThrow(ExpressionError);
    expect(() => fromFields(2018, 13, 1)).toThrow(ExpressionError);
    expect(() => fromFields(0, 1, 1)).toThrow(ExpressionError);
    expect(() => fromFields(2018, 1, 1, 24)).toThrow(ExpressionError);
  });

  it('keeps sub-millisecond ticks through arithmetic', () => {
    const ts = addTicks(fromFields(2018, 3, 15, 0, 0, 0, 1234567, 'Utc'), 10_000_000n);
    expect(formatRoundTrip(ts)).toBe('2018-03-15T00:00:01.1234567Z');
  });

  it('refuses to leave the DateTime range', () => {
    expect(() => addTicks(fromFields(9999, 12, 31, 23, 59, 59, 9_999_999), 1n)).toThrow(ExpressionError);
    expect(() => addTicks(fromFields(1, 1, 1), -1n)).toThrow(ExpressionError);
  });

  it('clamps the day like DateTime.AddMonths', () => {
    const jan31 = fromFields(2018, 1, 31, 10, 0, 0, 5, 'Utc');
    expect(formatRoundTrip(addMonths(jan31, 1))).toBe('2018-02-28T10:00:00.0000005Z');
    expect(formatRoundTrip(addMonths(fromFields(2020, 1, 31), 1))).toBe('2020-02-29T00:00:00.0000000');
    expect(formatRoundTrip(addMonths(fromFields(2020, 2, 29), 12))).toBe('2021-02-28T00:00:00.0000000');
    expect(formatRoundTrip(addMonths(fromFields(2018, 3, 31), -1))).toBe('2018-02-28T00:00:00.0000000');
    expect(formatRoundTrip(addMonths(fromFields(2018, 5, 31), -13))).toBe('2017-04-30T00:00:00.0000000');
    expect(() => addMonths(fromFields(9999, 12, 1), 1)).toThrow(ExpressionError);
  });

  it('converts to and from epoch milliseconds', () => {
    const ms = Date.UTC(2026, 10, 29, 3, 4, 5, 123);
    const ts = fromEpochMilliseconds(ms);
    expect(formatRoundTrip(ts)).toBe('2026-11-29T03:04:05.1230000Z');
    expect(toEpochMilliseconds(ts)).toBe(ms);
    expect(toEpochMilliseconds(fromFields(1969, 12, 31, 23, 59, 59, 9_999_999))).toBe(-1);
  });

  it('rounds fraction digits beyond the seventh', () => {
    expect(fractionToTicks('5')).toBe(5_000_000);
    expect(fractionToTicks('12345674')).toBe(1234567);
    expect(fractionToTicks('12345675')).toBe(1234568);
  });

  it('computes day numbers consistently with the proleptic Gregorian calendar', () => {
    expect(dayNumber(1970, 1, 1)).toBe(719_162);
    expect(dayNumber(2000, 3, 1) - dayNumber(2000, 2, 28)).toBe(2);
  });
});
