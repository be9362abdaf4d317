import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import { INVARIANT_NUMBERS, resolveNumberCulture } from './number-culture.ts';
import { exactDigits, roundDigits, shortestDigits } from './number-digits.ts';
import { formatNumberValue } from './number-format.ts';

const en = resolveNumberCulture('en-US');
const fmt = (value: number, format: string, locale?: string): string =>
  formatNumberValue(value, format, locale === undefined ? en : resolveNumberCulture(locale));

describe('exact digits', () => {
  it('expands doubles exactly and rounds half away from zero', () => {
    expect(exactDigits(0.125, true)).toEqual({ negative: false, digits: '125', scale: 0, floating: true });
    expect(exactDigits(1234, false)).toEqual({ negative: false, digits: '1234', scale: 4, floating: false });
    expect(exactDigits(0.1, true).digits).toBe('1000000000000000055511151231257827021181583404541015625');
    expect(roundDigits(exactDigits(0.125, true), 2)).toMatchObject({ digits: '13', scale: 0 });
    expect(roundDigits(exactDigits(9.99, true), 2)).toMatchObject({ digits: '1', scale: 2 });
    expect(shortestDigits(0.1 + 0.2)).toMatchObject({ digits: '30000000000000004', scale: 0 });
  });
});

describe('standard numeric formats', () => {
  it.each([
    [17.35, 'C2', '$17.35'],
    [17.35, 'C', '$17.35'],
    [-1234567.891, 'C', '-$1,234,567.89'],
    [1234.5, 'c0', '$1,235'],
    [42, 'D', '42'],
    [42, 'D5', '00042'],
    [-42, 'd5', '-00042'],
    [1234.5678, 'E', '1.234568E+003'],
    [1234.5678, 'e2', '1.23e+003'],
    [0.000123, 'E1', '1.2E-004'],
    [0, 'E2', '0.00E+000'],
    [1234.5678, 'F2', '1234.57'],
    [1234.5678, 'F', '1234.57'],
    [2.5, 'F0', '3'],
    [-2.5, 'F0', '-3'],
    [0.125, 'F2', '0.13'],
    [1.005, 'F2', '1.01'],
    [2.675, 'F2', '2.68'],
    [-0.001, 'F2', '0.00'],
    [0.30000000000000004, 'G', '0.3'],
    [42, 'F3', '42.000'],
    [1234.5678, 'G', '1234.5678'],
    [1234.5678, 'G6', '1234.57'],
    [12345, 'G2', '1.2E+04'],
    [0.0001, 'G', '0.0001'],
    [0.00001, 'G', '1E-05'],
    [1.5e300, 'G', '1.5E+300'],
    [123456789012345680000, 'G', '1.23456789012346E+20'],
    [1234.5678, 'N', '1,234.57'],
    [-1234.5678, 'N1', '-1,234.6'],
    [1234567, 'N0', '1,234,567'],
    [0.5, 'P', '50.00%'],
    [0.1234, 'P1', '12.3%'],
    [-0.1234, 'p0', '-12%'],
    [0.30000000000000004, 'R', '0.30000000000000004'],
    [42, 'R', '42'],
    [-0, 'R', '0'],
    [-0, '0.0', '0.0'],
    [255, 'X', 'FF'],
    [255, 'x4', '00ff'],
    [-1, 'X', 'FFFFFFFFFFFFFFFF'],
  ])('%s with %s', (value, format, expected) => {
    expect(fmt(value, format)).toBe(expected);
  });

  it('uses the invariant culture when asked', () => {
    expect(formatNumberValue(-0.5, 'P0', INVARIANT_NUMBERS)).toBe('-50 %');
    expect(formatNumberValue(-2, 'C', INVARIANT_NUMBERS)).toBe('(¤2.00)');
  });

  it('formats other cultures through Intl', () => {
    expect(fmt(17.35, 'C2', 'is-is')).toBe('17,35 kr.');
    expect(fmt(-1234567.891, 'C', 'de-DE')).toBe('-1.234.567,89 €');
    expect(fmt(1234567.891, 'N', 'hi-IN')).toBe('12,34,567.89');
    expect(fmt(0.5, 'P', 'de-DE')).toBe('50,00 %');
    expect(fmt(1234.5, 'C', 'ja-JP')).toBe('￥1,235');
  });

  it('rejects what .NET rejects', () => {
    for (const [value, format] of [[1.5, 'D'], [1.5, 'X'], [1, 'K'], [1, 'Z2'], [1, 'F99999']] as const) {
      expect(() => fmt(value, format), format).toThrow(ExpressionError);
    }
  });
});

describe('custom numeric formats', () => {
  it.each([
    [1234567890, '0,0.00', '1,234,567,890.00'],
    [1234.5678, '#,##0.00', '1,234.57'],
    [1234.5678, '#,#', '1,235'],
    [0.5, '#.##', '.5'],
    [0.5, '0.##', '0.5'],
    [0, '#.##', ''],
    [0, '0.##', '0'],
    [123, '00000', '00123'],
    [1.5, '00.00', '01.50'],
    [12.345, '.00', '12.35'],
    [1234567, '#,##0,,', '1'],
    [1234567, '0,,.0', '1.2'],
    [1234567, '#,##0,', '1,235'],
    [-1234.5, '0.0;(0.0);zero', '(1234.5)'],
    [0, '0.0;(0.0);zero', 'zero'],
    [0.001, '0.0;(0.0);zero', 'zero'],
    [-5, '0;;zero', '-5'],
    [-5, '0;', '-5'],
    [0.125, '0.00%', '12.50%'],
    [0.0125, '0.0‰', '12.5‰'],
    [1234.5678, '0.00E+00', '1.23E+03'],
    [0.00012, '0.0e-0', '1.2e-4'],
    [1234.5678, '0.0E0', '1.2E3'],
    [1234, '0E+', '1234E+'],
    [1234, "'#'0 \\% ab", '#1234 % ab'],
    [1234, '"0"0', '01234'],
    [-5, '0', '-5'],
    [-5, 'abc', '-abc'],
    [42, '[0]', '[42]'],
    [1.23456789012345678, '0.00000000000000000', '1.23456789012346000'],
  ])('%s with %j', (value, format, expected) => {
    expect(fmt(value, format)).toBe(expected);
  });

  it('drops the minus sign of a negative double that rounds to zero, like .NET Framework', () => {
    expect(fmt(-0.001, '0.00')).toBe('0.00');
    expect(fmt(-0.01, '0.#;(0.#)')).toBe('0');
    expect(fmt(-0.001, '0.0;(0.0);zero')).toBe('zero');
  });

  it('uses culture separators for . and ,', () => {
    expect(fmt(1234567890, '#,##0.00', 'is-IS')).toBe('1.234.567.890,00');
    expect(fmt(1234567890, '0,0.00', 'is-is')).toBe('1.234.567.890,00');
  });

  it('never hangs or throws anything but ExpressionError on arbitrary formats', () => {
    const chars = fc.constantFrom('0', '#', '.', ',', '%', '‰', 'E', 'e', '+', '-', ';', "'", '"', '\\', 'x', ' ', 'C', '9');
    const formats = fc.oneof(fc.string({ maxLength: 20 }), fc.array(chars, { maxLength: 20 }).map((a) => a.join('')));
    const values = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, -0, 0.5, -1e-300));
    fc.assert(
      fc.property(values, formats, (value, format) => {
        try {
          expect(typeof fmt(value, format)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
