import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DurationError, addDuration, durationToMs, formatDuration, formatMs, parseDuration } from './iso-duration.ts';

describe('parseDuration / durationToMs', () => {
  it.each([
    ['PT5S', 5_000],
    ['PT7.5S', 7_500],
    ['P1D', 86_400_000],
    ['P1DT2H', 93_600_000],
    ['P1W', 604_800_000],
    ['PT1H30M', 5_400_000],
    ['PT0.001S', 1],
    ['-PT5S', -5_000],
    ['PT0S', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(durationToMs(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '5S', 'P1H', 'PT1D', 'P1.5D', 'PT1.S', 'pt5s', 'P1DT', 'PT5S ', 'P-1D', 'PT99999999999999S'])(
    'rejects %j with a DurationError naming the text',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      try {
        parseDuration(text);
      } catch (e) {
        expect((e as DurationError).message).toContain(`'${text}'`);
        expect((e as DurationError).code).toBe('InvalidDuration');
      }
    },
  );

  it('refuses to measure months without a start date', () => {
    expect(() => durationToMs('P1M')).toThrow(/start date/);
  });

  it('measures months and years from a start date', () => {
    expect(durationToMs('P1M', new Date('2026-02-01T00:00:00Z'))).toBe(28 * 86_400_000);
    expect(durationToMs('P1Y', new Date('2028-01-01T00:00:00Z'))).toBe(366 * 86_400_000);
  });
});

describe('addDuration', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addDuration(new Date('2026-01-31T10:00:00Z'), 'P1M').toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });
  it('combines calendar and fixed parts', () => {
    expect(addDuration(new Date('2026-11-30T23:00:00Z'), 'P1Y1MT2H').toISOString()).toBe('2027-12-31T01:00:00.000Z');
  });
  it('subtracts a negative duration', () => {
    expect(addDuration(new Date('2026-03-31T00:00:00Z'), '-P1M').toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});

describe('formatDuration', () => {
  it('writes canonical text', () => {
    expect(formatDuration(parseDuration('P0DT0H5M'))).toBe('PT5M');
    expect(formatMs(93_607_500)).toBe('P1DT2H7.5S');
    expect(formatMs(0)).toBe('PT0S');
  });
});

const canonicalDuration = fc
  .record({
    negative: fc.boolean(),
    y: fc.nat(3000),
    mo: fc.nat(100),
    w: fc.nat(100),
    d: fc.nat(1000),
    h: fc.nat(1000),
    mi: fc.nat(1000),
    s: fc.nat(100_000),
    frac: fc.stringMatching(/^\d{0,6}[1-9]$/),
    withFrac: fc.boolean(),
  })
  .map(({ negative, y, mo, w, d, h, mi, s, frac, withFrac }) => {
    const date = `${y ? `${y}Y` : ''}${mo ? `${mo}M` : ''}${w ? `${w}W` : ''}${d ? `${d}D` : ''}`;
    const sec = withFrac ? `${s}.${frac}S` : s ? `${s}S` : '';
    const time = `${h ? `${h}H` : ''}${mi ? `${mi}M` : ''}${sec}`;
    return `${negative ? '-' : ''}P${date}${time ? `T${time}` : ''}`;
  })
  .filter((t) => t !== 'P' && t !== '-P');

describe('properties', () => {
  it('format(parse(text)) is the identity on canonical durations', () => {
    fc.assert(
      fc.property(canonicalDuration, (text) => {
        expect(formatDuration(parseDuration(text))).toBe(text);
      }),
    );
  });

  it('never throws anything but DurationError', () => {
    const arbitraryText = fc.oneof(
      fc.string(),
      fc.stringMatching(/^-?P[\dYMWDTHS.,]{0,20}$/),
      canonicalDuration.map((t) => t.slice(0, -1)),
    );
    fc.assert(
      fc.property(arbitraryText, (text) => {
        try {
          const d = parseDuration(text);
          expect(Number.isFinite(durationToMs(d, new Date(0)))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(DurationError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
