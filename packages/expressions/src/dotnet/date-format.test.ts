import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import { INVARIANT_CULTURE, resolveDateCulture } from './date-culture.ts';
import { formatTimestamp, tokenizeCustomFormat } from './date-format.ts';
import { fromFields } from './timestamp.ts';

// Sunday 2016-01-31 15:04:05.1234567 UTC, and a morning value with a zero fraction.
const afternoon = fromFields(2016, 1, 31, 15, 4, 5, 1234567, 'Utc');
const morning = fromFields(2009, 3, 5, 9, 5, 7, 0, 'Unspecified');
const enUs = resolveDateCulture('en-us');

describe('standard date and time formats (en-US)', () => {
  it.each([
    ['d', '1/31/2016', '3/5/2009'],
    ['D', 'Sunday, January 31, 2016', 'Thursday, March 5, 2009'],
    ['f', 'Sunday, January 31, 2016 3:04 PM', 'Thursday, March 5, 2009 9:05 AM'],
    ['F', 'Sunday, January 31, 2016 3:04:05 PM', 'Thursday, March 5, 2009 9:05:07 AM'],
    ['g', '1/31/2016 3:04 PM', '3/5/2009 9:05 AM'],
    ['G', '1/31/2016 3:04:05 PM', '3/5/2009 9:05:07 AM'],
    ['M', 'January 31', 'March 5'],
    ['m', 'January 31', 'March 5'],
    ['O', '2016-01-31T15:04:05.1234567Z', '2009-03-05T09:05:07.0000000'],
    ['o', '2016-01-31T15:04:05.1234567Z', '2009-03-05T09:05:07.0000000'],
    ['R', 'Sun, 31 Jan 2016 15:04:05 GMT', 'Thu, 05 Mar 2009 09:05:07 GMT'],
    ['r', 'Sun, 31 Jan 2016 15:04:05 GMT', 'Thu, 05 Mar 2009 09:05:07 GMT'],
    ['s', '2016-01-31T15:04:05', '2009-03-05T09:05:07'],
    ['t', '3:04 PM', '9:05 AM'],
    ['T', '3:04:05 PM', '9:05:07 AM'],
    ['u', '2016-01-31 15:04:05Z', '2009-03-05 09:05:07Z'],
    ['U', 'Sunday, January 31, 2016 3:04:05 PM', 'Thursday, March 5, 2009 9:05:07 AM'],
    ['Y', 'January 2016', 'March 2009'],
    ['y', 'January 2016', 'March 2009'],
  ])('%s', (format, first, second) => {
    expect(formatTimestamp(afternoon, format, enUs)).toBe(first);
    expect(formatTimestamp(morning, format, enUs)).toBe(second);
  });

  it('uses the invariant culture patterns when asked', () => {
    expect(formatTimestamp(afternoon, 'd', INVARIANT_CULTURE)).toBe('01/31/2016');
    expect(formatTimestamp(afternoon, 'D', INVARIANT_CULTURE)).toBe('Sunday, 31 January 2016');
    expect(formatTimestamp(afternoon, 'G', INVARIANT_CULTURE)).toBe('01/31/2016 15:04:05');
    expect(formatTimestamp(afternoon, 'M', INVARIANT_CULTURE)).toBe('January 31');
    expect(formatTimestamp(afternoon, 'Y', INVARIANT_CULTURE)).toBe('2016 January');
  });

  it('rejects letters that are not standard formats', () => {
    for (const format of ['h', 'x', 'K', 'z', '1', ' ']) {
      expect(() => formatTimestamp(afternoon, format, enUs), format).toThrow(ExpressionError);
    }
  });
});

describe('custom date and time formats', () => {
  it.each([
    ['yyyy-MM-dd', '2016-01-31'],
    ['yy', '16'],
    ['%y', '16'],
    ['yyy', '2016'],
    ['yyyyy', '02016'],
    ['M/d/y', '1/31/16'],
    ['MM MMM MMMM', '01 Jan January'],
    ['dd ddd dddd', '31 Sun Sunday'],
    ['%d', '31'],
    ['HH H hh h', '15 15 03 3'],
    ['%h', '3'],
    ['mm m ss s', '04 4 05 5'],
    ['f ff fff ffff fffff ffffff fffffff', '1 12 123 1234 12345 123456 1234567'],
    ['F FF FFF FFFF FFFFF FFFFFF FFFFFFF', '1 12 123 1234 12345 123456 1234567'],
    ['tt t', 'PM P'],
    ['%K', 'Z'],
    ['HHKK', '15ZZ'],
    ['z zz zzz', '+0 +00 +00:00'],
    ['%g', 'A.D.'],
    ["yyyy'-'MM'-'dd'T'HH':'mm", '2016-01-31T15:04'],
    ['"year" yyyy', 'year 2016'],
    ["'It''s' h", 'Its 3'],
    ["'a\\'b'", "a'b"],
    ['\\y\\e\\a\\r yyyy', 'year 2016'],
    ['HH\\h', '15h'],
    ['yyyy-MM-ddTHH:mm:ss', '2016-01-31T15:04:05'],
    ['dddd MMMM d', 'Sunday January 31'],
    ['hh:mm:ss.fff tt', '03:04:05.123 PM'],
    ['[yyyy] # ~', '[2016] # ~'],
  ])('%s', (format, expected) => {
    expect(formatTimestamp(afternoon, format, enUs)).toBe(expected);
  });

  it('drops an all-zero F fraction together with the point before it', () => {
    expect(formatTimestamp(morning, 'HH:mm:ss.FFF', enUs)).toBe('09:05:07');
    expect(formatTimestamp(morning, 'HH:mm:ss.fff', enUs)).toBe('09:05:07.000');
    expect(formatTimestamp(fromFields(2009, 3, 5, 9, 5, 7, 5_000_000), 'ss.FFF', enUs)).toBe('07.5');
  });

  it('prints no K suffix for values without a zone and 12 for noon and midnight', () => {
    expect(formatTimestamp(morning, 'HH:mmK', enUs)).toBe('09:05');
    expect(formatTimestamp(fromFields(2009, 3, 5, 0, 0), 'h tt', enUs)).toBe('12 AM');
    expect(formatTimestamp(fromFields(2009, 3, 5, 12, 0), 'h tt', enUs)).toBe('12 PM');
  });

  it('uses the culture separators for / and :', () => {
    const de = resolveDateCulture('de-DE');
    expect(formatTimestamp(afternoon, 'dd/MM/yyyy HH:mm', de)).toBe('31.01.2016 15:04');
    expect(formatTimestamp(afternoon, "dd'/'MM", de)).toBe('31/01');
  });

  it('names days and months in other cultures (via Intl)', () => {
    expect(formatTimestamp(afternoon, 'dddd MMMM d', resolveDateCulture('fr-fr'))).toBe('dimanche janvier 31');
    expect(formatTimestamp(afternoon, 'dddd MMMM d', resolveDateCulture('fr-FR'))).toBe('dimanche janvier 31');
    expect(formatTimestamp(afternoon, 'dddd MMMM d', resolveDateCulture('es-es'))).toBe('domingo enero 31');
    expect(formatTimestamp(afternoon, 'D', resolveDateCulture('es-es'))).toBe('domingo, 31 de enero de 2016');
    expect(formatTimestamp(afternoon, 'd', resolveDateCulture('fr-fr'))).toBe('31/01/2016');
    // Polish uses the genitive month name next to a day number, the nominative alone.
    const pl = resolveDateCulture('pl-PL');
    expect(formatTimestamp(afternoon, 'd MMMM', pl)).toBe('31 stycznia');
    expect(formatTimestamp(afternoon, 'MMMM yyyy', pl)).toBe('styczeń 2016');
  });

  it('rejects invalid locales and malformed patterns with ExpressionError', () => {
    expect(() => resolveDateCulture('not a locale')).toThrow(ExpressionError);
    for (const format of ["'open", 'yyyy\\', 'ffffffff', 'FFFFFFFF', '%', 'yy%', '%%y']) {
      expect(() => formatTimestamp(afternoon, format, enUs), format).toThrow(ExpressionError);
    }
  });

  it('never hangs or throws anything but ExpressionError on arbitrary patterns', () => {
    const letters = fc.constantFrom('d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z', "'", '"', '\\', '%', '/', ':', ' ', 'x', '.');
    const patterns = fc.oneof(fc.string({ maxLength: 30 }), fc.array(letters, { maxLength: 30 }).map((a) => a.join('')));
    fc.assert(
      fc.property(patterns, (format) => {
        try {
          expect(typeof formatTimestamp(afternoon, format, enUs)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('tokenizes literals, fields and separators', () => {
    expect(tokenizeCustomFormat("yyyy'x'/")).toEqual([
      { kind: 'field', letter: 'y', count: 4 },
      { kind: 'literal', text: 'x' },
      { kind: 'separator', which: 'date' },
    ]);
  });
});
