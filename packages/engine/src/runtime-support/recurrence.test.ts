import { describe, expect, it } from 'vitest';
import { RecurrenceError, nextOccurrence, validateRecurrence, type Recurrence } from './recurrence.ts';

const at = (iso: string) => new Date(iso);
const next = (r: Recurrence, after: string, options = {}) => nextOccurrence(r, at(after), options).toISOString();

describe('fixed-length frequencies', () => {
  it('steps every N minutes from the start time, keeping its phase', () => {
    const r = { frequency: 'Minute', interval: 15, startTime: '2026-01-01T00:05:00Z' };
    expect(next(r, '2026-03-10T10:06:00Z')).toBe('2026-03-10T10:20:00.000Z');
    expect(next(r, '2026-03-10T10:20:00Z')).toBe('2026-03-10T10:35:00.000Z');
  });
  it('fires at the start time when it is still in the future', () => {
    expect(next({ frequency: 'Hour', interval: 1, startTime: '2026-06-01T12:00:00Z' }, '2026-05-01T00:00:00Z')).toBe('2026-06-01T12:00:00.000Z');
  });
  it('without a start time, counts from the given instant', () => {
    expect(next({ frequency: 'Second', interval: 30 }, '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:30.000Z');
  });
  it('keeps hourly steps absolute across a DST change', () => {
    const r = { frequency: 'Hour', interval: 1, startTime: '2026-03-29T00:00:00', timeZone: 'Europe/Berlin' };
    expect(next(r, '2026-03-29T00:30:00Z')).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('calendar frequencies', () => {
  it('runs daily at the start time wall clock in its time zone, across DST', () => {
    const r = { frequency: 'Day', interval: 1, startTime: '2026-03-01T09:00:00', timeZone: 'Europe/Berlin' };
    expect(next(r, '2026-03-27T12:00:00Z')).toBe('2026-03-28T08:00:00.000Z'); // CET, UTC+1
    expect(next(r, '2026-03-28T12:00:00Z')).toBe('2026-03-29T07:00:00.000Z'); // CEST, UTC+2
  });
  it('runs every 3 days counted from the start date', () => {
    const r = { frequency: 'Day', interval: 3, startTime: '2026-01-01T06:00:00Z' };
    expect(next(r, '2026-01-02T00:00:00Z')).toBe('2026-01-04T06:00:00.000Z');
  });
  it('picks schedule hours and minutes inside each day, on the minute mark', () => {
    const r = { frequency: 'Day', interval: 1, startTime: '2026-01-01T00:00:10Z', schedule: { hours: [8, 16], minutes: [30, 45] } };
    expect(next(r, '2026-02-02T08:31:00Z')).toBe('2026-02-02T08:45:00.000Z');
    expect(next(r, '2026-02-02T16:45:00Z')).toBe('2026-02-03T08:30:00.000Z');
  });
  it('without a start time, runs at the scheduled marks after the given instant', () => {
    const r = { frequency: 'Week', interval: 1, schedule: { weekDays: ['Saturday'], hours: [17], minutes: [0] } };
    expect(next(r, '2026-11-29T03:07:41Z')).toBe('2026-12-05T17:00:00.000Z'); // 2026-11-29 is a Sunday
  });
  it('runs every hour on one day of the month with minutes from the start', () => {
    const hours = Array.from({ length: 24 }, (_, h) => h);
    const r = { frequency: 'Month', interval: 1, startTime: '2026-01-10T08:25:00Z', schedule: { hours } };
    expect(next(r, '2026-02-10T09:30:00Z')).toBe('2026-02-10T10:25:00.000Z');
    expect(next(r, '2026-02-10T23:25:00Z')).toBe('2026-03-10T00:25:00.000Z');
  });
  it('takes minutes from the start time when the schedule gives only hours', () => {
    const r = { frequency: 'Day', interval: 1, startTime: '2026-01-01T00:45:00Z', schedule: { hours: [8] } };
    expect(next(r, '2026-02-02T09:00:00Z')).toBe('2026-02-03T08:45:00.000Z');
  });
  it('runs on chosen weekdays of every other week', () => {
    // 2026-01-05 is a Monday; weeks are counted from the week holding the start.
    const r = { frequency: 'Week', interval: 2, startTime: '2026-01-05T10:00:00Z', schedule: { weekDays: ['Monday', 'Friday'], hours: [10] } };
    expect(next(r, '2026-01-05T10:00:00Z')).toBe('2026-01-09T10:00:00.000Z');
    expect(next(r, '2026-01-09T10:00:00Z')).toBe('2026-01-19T10:00:00.000Z');
  });
  it('runs monthly on the start day, skipping months too short for it', () => {
    const r = { frequency: 'Month', interval: 1, startTime: '2026-01-31T08:00:00Z' };
    expect(next(r, '2026-01-31T08:00:00Z')).toBe('2026-03-31T08:00:00.000Z');
  });
  it('supports monthDays including -1 for the last day', () => {
    const r = { frequency: 'Month', interval: 1, startTime: '2026-01-01T00:00:00Z', schedule: { monthDays: [15, -1], hours: [6] } };
    expect(next(r, '2026-02-15T06:00:00Z')).toBe('2026-02-28T06:00:00.000Z');
  });
  it('understands Windows zone names as the designer writes them', () => {
    const r = { frequency: 'Week', interval: 1, startTime: '2026-01-05T08:00:00', timeZone: 'W. Europe Standard Time', schedule: { weekDays: ['Monday'] } };
    expect(next(r, '2026-07-01T00:00:00Z')).toBe('2026-07-06T06:00:00.000Z');
  });
  it('uses a Windows zone name through the injected resolver', () => {
    const r = { frequency: 'Day', interval: 1, startTime: '2026-07-01T09:00:00', timeZone: 'Pacific Standard Time' };
    const resolveTimeZone = (name: string) => (name === 'Pacific Standard Time' ? 'America/Los_Angeles' : undefined);
    expect(next(r, '2026-07-02T00:00:00Z', { resolveTimeZone })).toBe('2026-07-02T16:00:00.000Z');
  });
  it('honours an explicit offset in startTime over the time zone', () => {
    expect(next({ frequency: 'Day', interval: 1, startTime: '2026-01-01T09:00:00+05:30' }, '2026-01-01T12:00:00Z')).toBe('2026-01-02T03:30:00.000Z');
  });
});

describe('invalid recurrences', () => {
  it.each([
    [{ frequency: 'Year', interval: 1 }, '/frequency'],
    [{ frequency: 'Day', interval: 0 }, '/interval'],
    [{ frequency: 'Month', interval: 17 }, '/interval'],
    [{ frequency: 'Day', interval: 1, startTime: '2026-02-30T00:00:00Z' }, '/startTime'],
    [{ frequency: 'Day', interval: 1, startTime: 'tomorrow' }, '/startTime'],
    [{ frequency: 'Day', interval: 1, timeZone: 'Mars Standard Time' }, '/timeZone'],
    [{ frequency: 'Day', interval: 1, schedule: { weekDays: ['Monday'] } }, '/schedule/weekDays'],
    [{ frequency: 'Week', interval: 1, schedule: { weekDays: ['Funday'] } }, '/schedule/weekDays/0'],
    [{ frequency: 'Day', interval: 1, schedule: { hours: [24] } }, '/schedule/hours/0'],
  ])('%j is reported at %s', (r, pointer) => {
    expect(validateRecurrence(r)).toEqual([expect.objectContaining({ pointer })]);
    expect(() => nextOccurrence(r as Recurrence, at('2026-01-01T00:00:00Z'))).toThrow(RecurrenceError);
  });
  it('reports a schedule that can never fire', () => {
    const r = { frequency: 'Month', interval: 12, startTime: '2026-02-01T00:00:00Z', schedule: { monthDays: [30] } };
    expect(() => nextOccurrence(r, at('2026-01-01T00:00:00Z'))).toThrow(/no occurrence matches/);
  });
  it('accepts a valid recurrence', () => {
    expect(validateRecurrence({ frequency: 'week', interval: 1, schedule: { weekDays: ['monday'] } })).toEqual([]);
  });
});
