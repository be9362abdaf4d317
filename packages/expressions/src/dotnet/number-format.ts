/**
 * Int64.ToString(format, culture) and Double.ToString(format, culture): standard formats C, D,
 * E, F, G, N, P, R, X with a precision specifier, anything else a custom format. Whole JSON
 * numbers are treated as Int64, others as Double.
 *
 * Doubles are rounded the .NET Framework way, which is what "rounds away from zero" means for
 * Logic Apps users: the value is first taken to 15 significant digits, then rounded half away
 * from zero, so 2.675 → "2.68" and 0.125 → "0.13" with F2, and no "-0.00" is ever printed.
 * .NET Core 3.0+ differs on exact binary midpoints (ties to even), prints negative zero, and
 * uses the shortest round-trip digits for "G"; "R" here is shortest round-trip in both.
 */
import { ExpressionError } from '../errors.ts';
import { formatCustomNumber } from './number-custom-format.ts';
import { MINUS_SLOT, NUMBER_SLOT, type NumberCulture, SYMBOL_SLOT } from './number-culture.ts';
import { type DecimalDigits, exactDigits, roundDigits, shortestDigits } from './number-digits.ts';

/** Largest precision specifier accepted (.NET allows 999,999,999; we cap the output size). */
export const MAX_PRECISION = 10_000;

function numberFormatError(format: string, why: string): ExpressionError {
  return new ExpressionError('InvalidArgument', `The provided number format '${format}' is not valid: ${why}.`);
}

function groupedInteger(intDigits: string, culture: NumberCulture): string {
  const sizes = culture.groupSizes;
  let out = '';
  let end = intDigits.length;
  let index = 0;
  let size = sizes[0] ?? 0;
  while (size > 0 && end > size) {
    out = culture.groupSeparator + intDigits.slice(end - size, end) + out;
    end -= size;
    if (index < sizes.length - 1) size = sizes[++index];
  }
  return intDigits.slice(0, end) + out;
}

/** Digits of |number| with `decimals` fraction digits (already rounded to fit), optionally grouped. */
function fixed(number: DecimalDigits, decimals: number, culture: NumberCulture, grouping: boolean): string {
  const { digits, scale } = number;
  const intDigits = scale > 0 ? digits.slice(0, scale).padEnd(scale, '0') : '0';
  let out = grouping ? groupedInteger(intDigits, culture) : intDigits;
  if (decimals > 0) {
    const frac = scale >= 0 ? digits.slice(scale) : '0'.repeat(-scale) + digits;
    out += culture.decimalSeparator + frac.padEnd(decimals, '0').slice(0, decimals);
  }
  return out;
}

function scientificText(number: DecimalDigits, mantissaDigits: number, letter: string, expDigits: number, culture: NumberCulture, trimZeros: boolean): string {
  const digits = number.digits === '' ? '0' : number.digits;
  const exponent = number.digits === '' ? 0 : number.scale - 1;
  let fraction = digits.slice(1);
  fraction = trimZeros ? fraction : fraction.padEnd(mantissaDigits - 1, '0');
  let out = digits[0];
  if (fraction.length > 0) out += culture.decimalSeparator + fraction;
  const sign = exponent < 0 ? culture.negativeSign : '+';
  return `${out}${letter}${sign}${String(Math.abs(exponent)).padStart(expDigits, '0')}`;
}

function applyLayout(template: string, body: string, symbol: string, culture: NumberCulture): string {
  return template.replace(NUMBER_SLOT, body).replace(SYMBOL_SLOT, symbol).replace(MINUS_SLOT, culture.negativeSign);
}

function signed(number: DecimalDigits, body: string, culture: NumberCulture): string {
  return number.negative ? culture.negativeSign + body : body;
}

/** 'G': fixed notation unless the exponent is out of [-4, precision), then d.dddE+xx. */
function general(number: DecimalDigits, precision: number, letter: string, culture: NumberCulture): string {
  const exponent = number.digits === '' ? 0 : number.scale - 1;
  if (exponent >= precision || exponent < -4) {
    return signed(number, scientificText(number, 0, letter === 'g' ? 'e' : 'E', 2, culture, true), culture);
  }
  const decimals = Math.max(0, number.digits.length - number.scale);
  return signed(number, fixed(number, decimals, culture, false), culture);
}

function toHex(value: number, letter: string, width: number): string {
  const bits = BigInt.asUintN(64, BigInt(value));
  const hex = bits.toString(16);
  return (letter === 'X' ? hex.toUpperCase() : hex).padStart(width, '0');
}

/** Int64 digits exactly; Double digits rounded to 15 significant digits (see the file comment). */
function digitsOf(value: number, integral: boolean): DecimalDigits {
  return integral ? exactDigits(value, false) : roundDigits(exactDigits(value, false), 15);
}

/** Formats a JSON number with a .NET numeric format string in `culture`. */
export function formatNumberValue(input: number, format: string, culture: NumberCulture): string {
  // Negative zero prints as zero (see the file comment).
  const value = input === 0 ? 0 : input;
  const integral = Number.isInteger(value) && Math.abs(value) < 2 ** 63;
  if (!Number.isFinite(value)) {
    return Number.isNaN(value) ? culture.nanSymbol : value > 0 ? culture.positiveInfinity : culture.negativeInfinity;
  }
  const standard = /^([A-Za-z])(\d*)$/.exec(format);
  if (!standard) {
    return formatCustomNumber(digitsOf(value, integral), format, culture);
  }
  const letter = standard[1];
  if (standard[2].length > 9 || Number(standard[2]) > MAX_PRECISION) {
    throw numberFormatError(format, `the precision may not exceed ${MAX_PRECISION}`);
  }
  const given = standard[2] === '' ? undefined : Number(standard[2]);
  const exact = digitsOf(value, integral);
  switch (letter.toUpperCase()) {
    case 'C': {
      const decimals = given ?? culture.currencyDecimalDigits;
      const n = roundDigits(exact, exact.scale + decimals);
      const body = fixed(n, decimals, culture, true);
      return applyLayout(n.negative ? culture.currencyNegative : culture.currencyPositive, body, culture.currencySymbol, culture);
    }
    case 'D': {
      if (!integral) throw numberFormatError(format, "'D' formats only whole numbers");
      const body = (exact.digits === '' ? '0' : exact.digits.padEnd(exact.scale, '0')).padStart(given ?? 0, '0');
      return signed(exact, body, culture);
    }
    case 'E': {
      const decimals = given ?? 6;
      const n = roundDigits(exact, decimals + 1);
      return signed(n, scientificText(n, decimals + 1, letter, 3, culture, false), culture);
    }
    case 'F':
    case 'N': {
      const decimals = given ?? culture.numberDecimalDigits;
      const n = roundDigits(exact, exact.scale + decimals);
      return signed(n, fixed(n, decimals, culture, letter.toUpperCase() === 'N'), culture);
    }
    case 'G': {
      if (given === undefined || given === 0) {
        return general(exact, integral ? Number.MAX_SAFE_INTEGER : 15, letter, culture);
      }
      return general(roundDigits(exact, given), given, letter, culture);
    }
    case 'P': {
      const decimals = given ?? culture.percentDecimalDigits;
      const scaled = { ...exact, scale: exact.digits === '' ? 0 : exact.scale + 2 };
      const n = roundDigits(scaled, scaled.scale + decimals);
      const body = fixed(n, decimals, culture, true);
      return applyLayout(n.negative ? culture.percentNegative : culture.percentPositive, body, culture.percentSymbol, culture);
    }
    case 'R':
      if (integral) return signed(exact, exact.digits === '' ? '0' : exact.digits.padEnd(exact.scale, '0'), culture);
      return general(shortestDigits(value), 15, 'R', culture);
    case 'X':
      if (!integral) throw numberFormatError(format, "'X' formats only whole numbers");
      return toHex(value, letter, given ?? 0);
    default:
      throw numberFormatError(format, `'${letter}' is not a standard numeric format specifier`);
  }
}
