import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import { findTimeZone, offsetMinutesAt, utcToZone, zoneToUtc } from './time-zones.ts';
import { formatRoundTrip, fromFields, timestamp } from './timestamp.ts';
import { WINDOWS_TO_IANA } from './windows-zones.ts';

const wall = (y: number, mo: number, d: number, h: number, mi = 0): bigint => fromFields(y, mo, d, h, mi).ticks;
const show = (ticks: bigint): string => formatRoundTrip(timestamp(ticks, 'Unspecified'));

describe('Windows time zones', () => {
  it('maps every Windows name to an IANA zone this runtime knows', () => {
    for (const iana of Object.values(WINDOWS_TO_IANA)) {
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: iana }), iana).not.toThrow();
    }
    expect(Object.keys(WINDOWS_TO_IANA).length).toBeGreaterThan(130);
  });

  it('finds names in any letter case and without punctuation', () => {
    expect(findTimeZone('Pacific Standard Time').iana).toBe('America/Los_Angeles');
    expect(findTimeZone('pacific standard time').windowsId).toBe('Pacific Standard Time');
    expect(findTimeZone('W Europe Standard Time').windowsId).toBe('W. Europe Standard Time');
    expect(findTimeZone('Pacific Standard Time Mexico').iana).toBe('America/Tijuana');
    expect(findTimeZone('UTC-11').iana).toBe('Etc/GMT+11');
  });

  it('names an unknown zone in the error', () => {
    expect(() => findTimeZone('Mars Standard Time')).toThrow(ExpressionError);
    expect(() => findTimeZone('Mars Standard Time')).toThrow(/Mars Standard Time/);
    expect(() => findTimeZone('')).toThrow(ExpressionError);
  });

  it('gives fixed and DST offsets', () => {
    expect(offsetMinutesAt(findTimeZone('India Standard Time'), Date.UTC(2018, 0, 1))).toBe(330);
    expect(offsetMinutesAt(findTimeZone('Tokyo Standard Time'), Date.UTC(2018, 6, 1))).toBe(540);
    expect(offsetMinutesAt(findTimeZone('Nepal Standard Time'), Date.UTC(2018, 6, 1))).toBe(345);
    expect(offsetMinutesAt(findTimeZone('UTC'), Date.UTC(2018, 6, 1))).toBe(0);
  });

  it('follows Pacific DST transitions (2018-03-11 and 2018-11-04)', () => {
    const pacific = findTimeZone('Pacific Standard Time');
    expect(show(utcToZone(pacific, wall(2018, 3, 11, 9, 59)))).toBe('2018-03-11T01:59:00.0000000');
    expect(show(utcToZone(pacific, wall(2018, 3, 11, 10, 0)))).toBe('2018-03-11T03:00:00.0000000');
    expect(show(utcToZone(pacific, wall(2018, 11, 4, 8, 30)))).toBe('2018-11-04T01:30:00.0000000');
    expect(show(utcToZone(pacific, wall(2018, 11, 4, 9, 30)))).toBe('2018-11-04T01:30:00.0000000');
    // The skipped hour does not exist; the repeated hour is read as standard time (PST, UTC-8).
    expect(() => zoneToUtc(pacific, wall(2018, 3, 11, 2, 30))).toThrow(ExpressionError);
    expect(show(zoneToUtc(pacific, wall(2018, 11, 4, 1, 30)))).toBe('2018-11-04T09:30:00.0000000');
    expect(show(zoneToUtc(pacific, wall(2018, 7, 1, 12)))).toBe('2018-07-01T19:00:00.0000000');
  });

  it('follows Central European DST transitions (2018-03-25 and 2018-10-28)', () => {
    const berlin = findTimeZone('W. Europe Standard Time');
    expect(show(utcToZone(berlin, wall(2018, 3, 25, 0, 59)))).toBe('2018-03-25T01:59:00.0000000');
    expect(show(utcToZone(berlin, wall(2018, 3, 25, 1, 0)))).toBe('2018-03-25T03:00:00.0000000');
    expect(() => zoneToUtc(berlin, wall(2018, 3, 25, 2, 30))).toThrow(ExpressionError);
    expect(show(zoneToUtc(berlin, wall(2018, 10, 28, 2, 30)))).toBe('2018-10-28T01:30:00.0000000');
    expect(show(zoneToUtc(berlin, wall(2018, 1, 15, 12)))).toBe('2018-01-15T11:00:00.0000000');
  });

  it('converts both ways for far-apart dates', () => {
    const tokyo = findTimeZone('Tokyo Standard Time');
    for (const ticks of [wall(1, 1, 2, 0), wall(1900, 6, 1, 12), wall(9999, 12, 30, 0)]) {
      expect(zoneToUtc(tokyo, utcToZone(tokyo, ticks))).toBe(ticks);
    }
  });
});
