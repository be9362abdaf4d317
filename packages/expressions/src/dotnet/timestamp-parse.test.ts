import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import { resolveDateCulture } from './date-culture.ts';
import { formatTimestamp } from './date-format.ts';
import { parseExact } from './parse-exact.ts';
import { formatRoundTrip } from './timestamp.ts';
import { parseTimestamp } from './timestamp-parse.ts';

const today = (): { year: number; month: number; day: number } => ({ year: 2026, month: 11, day: 29 });
const read = (text: string, locale?: string): string =>
  formatRoundTrip(parseTimestamp(text, { today, culture: locale ? resolveDateCulture(locale) : undefined }));

describe('parseTimestamp (DateTime.Parse with AdjustToUniversal)', () => {
  it.each([
    ['2018-03-15T13:27:36Z', '2018-03-15T13:27:36.0000000Z'],
    ['2018-03-15T13:27:36.1234567Z', '2018-03-15T13:27:36.1234567Z'],
    ['2018-03-15t13:27:36z', '2018-03-15T13:27:36.0000000Z'],
    ['2018-03-15T13:27:36.5', '2018-03-15T13:27:36.5000000'],
    ['2018-03-15T13:27', '2018-03-15T13:27:00.0000000'],
    ['2018-03-15 13:27:36', '2018-03-15T13:27:36.0000000'],
    ['2015-02-08', '2015-02-08T00:00:00.0000000'],
    ['2018-03', '2018-03-01T00:00:00.0000000'],
    ['2018-03-15T13:27:36+02:00', '2018-03-15T11:27:36.0000000Z'],
    ['2018-03-15T13:27:36-0530', '2018-03-15T18:57:36.0000000Z'],
    ['2018-03-15T01:00:00+05', '2018-03-14T20:00:00.0000000Z'],
    ['2018-03-15T13:27:36.123456789Z', '2018-03-15T13:27:36.1234568Z'],
  ])('reads ISO 8601 %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each([
    ['03/15/2018', '2018-03-15T00:00:00.0000000'],
    ['3/5/2018', '2018-03-05T00:00:00.0000000'],
    ['03/15/2018 12:00:00', '2018-03-15T12:00:00.0000000'],
    ['01/01/2018 00:00:00', '2018-01-01T00:00:00.0000000'],
    ['1/31/2016 3:04:05 PM', '2016-01-31T15:04:05.0000000'],
    ['1/31/2016 12:30 am', '2016-01-31T00:30:00.0000000'],
    ['03/15/18', '2018-03-15T00:00:00.0000000'],
    ['03/15/75', '1975-03-15T00:00:00.0000000'],
    ['2018/03/15', '2018-03-15T00:00:00.0000000'],
    ['March 15, 2018', '2018-03-15T00:00:00.0000000'],
    ['15 Mar 2018', '2018-03-15T00:00:00.0000000'],
    ['Thursday, March 15, 2018 1:27:36 PM', '2018-03-15T13:27:36.0000000'],
    ['Thu, 15 Mar 2018 13:27:36 GMT', '2018-03-15T13:27:36.0000000Z'],
    ['03/15/2018 10:00:00 +02:00', '2018-03-15T08:00:00.0000000Z'],
    ['10:30 PM', '2026-11-29T22:30:00.0000000'],
    ['March 15', '2026-03-15T00:00:00.0000000'],
  ])('reads en-US text %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('reads the documented parseDateTime inputs in their cultures', () => {
    expect(read('20/10/2014', 'fr-fr')).toBe('2014-10-20T00:00:00.0000000');
    expect(read('20 octobre 2010', 'fr-FR')).toBe('2010-10-20T00:00:00.0000000');
    expect(read('martes 20 octubre 2020', 'es-es')).toBe('2020-10-20T00:00:00.0000000');
    expect(read('20.10.2014 15:30', 'de-DE')).toBe('2014-10-20T15:30:00.0000000');
  });

  it.each(['', 'hello', '2018-02-30', '2018-13-01', '13/15/2018', '25:00', '1/1/2018 13:00 PM', '2018-03-15T13:27:36+15:00', '12345', 'March March 2018', 'Friday, March 15, 2018'])(
    'rejects %j with an ExpressionError',
    (text) => {
      expect(() => parseTimestamp(text, { today })).toThrow(ExpressionError);
    },
  );

  it('needs a clock for time-only input', () => {
    expect(() => parseTimestamp('10:30')).toThrow(ExpressionError);
  });

  it('never throws anything but ExpressionError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseTimestamp(text, { today });
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 2000 },
    );
    const pieces = fc.constantFrom('2018', '03', '15', '/', '-', ':', ' ', 'T', 'Z', '+02:00', 'PM', 'March', '.', ',', '99', '1');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        try {
          parseTimestamp(parts.join(''), { today });
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("format('o') after parse is the identity on round-trip strings", () => {
    const roundTrip = fc
      .record({
        ms: fc.integer({ min: Date.UTC(1, 0, 1) - Date.UTC(1, 0, 1) + -62135596800000, max: 253402300799999 }),
        sub: fc.integer({ min: 0, max: 9999 }),
        utc: fc.boolean(),
      })
      .map(({ ms, sub, utc }) => {
        const iso = new Date(ms).toISOString();
        const base = iso.slice(iso.startsWith('+') || iso.startsWith('-') ? 3 : 0, -5);
        return `${base}.${String(ms % 1000 < 0 ? 0 : ms % 1000).padStart(3, '0')}${String(sub).padStart(4, '0')}${utc ? 'Z' : ''}`;
      });
    fc.assert(
      fc.property(roundTrip, (text) => {
        expect(formatRoundTrip(parseTimestamp(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseExact (parseDateTime with a format)', () => {
  const fr = resolveDateCulture('fr-fr');
  const enUs = resolveDateCulture('en-US');
  const exact = (text: string, format: string, culture = enUs): string => formatRoundTrip(parseExact(text, format, culture, today));

  it('reads the documented examples', () => {
    expect(exact('21052019', 'ddMMyyyy', fr)).toBe('2019-05-21T00:00:00.0000000');
    expect(exact('10/20/2014 15h', 'MM/dd/yyyy HH\\h')).toBe('2014-10-20T15:00:00.0000000');
  });

  it('reads names, fractions, designators and offsets', () => {
    expect(exact('Monday, January 1, 2018', 'D')).toBe('2018-01-01T00:00:00.0000000');
    expect(exact('2018-03-15T13:27:36.1234567Z', 'o')).toBe('2018-03-15T13:27:36.1234567Z');
    expect(exact('2018-03-15T13:27:36.1234567', 'o')).toBe('2018-03-15T13:27:36.1234567');
    expect(exact('2018-03-15 13:27:36 +02:00', 'yyyy-MM-dd HH:mm:ss zzz')).toBe('2018-03-15T11:27:36.0000000Z');
    expect(exact('15 mars 2018 1:05 PM', 'd MMMM yyyy h:mm tt', fr)).toBe('2018-03-15T13:05:00.0000000');
    expect(exact('2018-03-15 12:00:00.25', 'yyyy-MM-dd HH:mm:ss.FFF')).toBe('2018-03-15T12:00:00.2500000');
    expect(exact('13:45', 'HH:mm')).toBe('2026-11-29T13:45:00.0000000');
    expect(exact('03/2018', 'MM/yyyy')).toBe('2018-03-01T00:00:00.0000000');
    expect(exact('20.10.2014', 'd', resolveDateCulture('de-DE'))).toBe('2014-10-20T00:00:00.0000000');
  });

  it('rejects input that does not follow the pattern', () => {
    for (const [text, format] of [
      ['2018-03-15', 'dd/MM/yyyy'],
      ['21052019x', 'ddMMyyyy'],
      ['Tuesday, January 1, 2018', 'D'],
      ['2018-02-30', 'yyyy-MM-dd'],
      ['13:00 PM', 'h:mm tt'],
      ['2018', "yyyy'"],
    ]) {
      expect(() => parseExact(text, format, enUs, today), `${text} / ${format}`).toThrow(ExpressionError);
    }
  });

  it('parses what it formats', () => {
    const ts = parseTimestamp('2016-01-31T15:04:05.1234567Z');
    for (const format of ['o', 'd', 'D', 'F', 'G', 's', 'yyyy-MM-dd HH:mm:ss.fffffff', 'dddd, dd MMMM yyyy HH:mm:ss.fffffffK']) {
      const text = formatTimestamp(ts, format, enUs);
      expect(parseExact(text, format, enUs, today).ticks / 10_000_000n, format).toBe(
        format === 'd' || format === 'D' ? parseTimestamp('2016-01-31').ticks / 10_000_000n : ts.ticks / 10_000_000n,
      );
    }
  });

  it('never throws anything but ExpressionError on arbitrary input and patterns', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 12 }), (text, format) => {
        try {
          parseExact(text, format, enUs, today);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
