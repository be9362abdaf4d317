/**
 * Reading numbers from text the way .NET's Int64.Parse (NumberStyles.Integer) and Double.Parse
 * (NumberStyles.Float | AllowThousands) do, in the invariant culture or an RFC 4646 locale whose
 * separators come from the platform's ICU data. Used by int(), float(), decimal(), isInt(),
 * isFloat().
 */
import { trimWhitespace } from './coerce.ts';

export interface NumberSymbols {
  decimal: string;
  group: string;
}

/** The invariant culture's symbols. */
export const INVARIANT_SYMBOLS: NumberSymbols = { decimal: '.', group: ',' };

const symbolCache = new Map<string, NumberSymbols>();

/**
 * Decimal and group separators of an RFC 4646 locale; undefined when the platform does not
 * know the locale.
 */
export function localeSymbols(locale: string): NumberSymbols | undefined {
  const key = locale.toLowerCase();
  const cached = symbolCache.get(key);
  if (cached) return cached;
  let parts: Intl.NumberFormatPart[];
  try {
    if (Intl.NumberFormat.supportedLocalesOf([locale]).length === 0) return undefined;
    parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
  } catch {
    return undefined;
  }
  const symbols: NumberSymbols = {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
  symbolCache.set(key, symbols);
  return symbols;
}

/** The white space NumberStyles.AllowLeadingWhite/AllowTrailingWhite accept. */
const NUMBER_WHITESPACE = /[\t\n\v\f\r ]/;
const SPACE_LIKE = /^[\s\u00A0\u202F]$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parses a floating-point number: optional white space and sign, digits with group separators,
 * a decimal separator, an exponent. Infinity and NaN are refused (JSON cannot carry them).
 * Returns undefined when the text is not a number.
 */
export function parseFloatText(text: string, symbols: NumberSymbols = INVARIANT_SYMBOLS): number | undefined {
  const body = trimWhitespace(text, NUMBER_WHITESPACE);
  const match = floatPattern(symbols).exec(body);
  if (!match) return undefined;
  const [, sign, intPart, fracAfterInt, fracOnly, exponent] = match;
  const integerDigits = (intPart ?? '').replace(/\D/g, '') || '0';
  const fraction = fracAfterInt ?? fracOnly ?? '';
  const value = Number(`${sign}${integerDigits}.${fraction || '0'}e${exponent ?? '0'}`);
  return Number.isFinite(value) ? value : undefined;
}

const floatPatterns = new Map<string, RegExp>();

function floatPattern(symbols: NumberSymbols): RegExp {
  const key = `${symbols.decimal}\u0000${symbols.group}`;
  let pattern = floatPatterns.get(key);
  if (!pattern) {
    // .NET accepts a plain space where the culture's group separator is a no-break space.
    const group = SPACE_LIKE.test(symbols.group) ? `[ \\u00A0\\u202F]` : escapeRegExp(symbols.group);
    const decimal = escapeRegExp(symbols.decimal);
    pattern = new RegExp(
      `^([+-]?)(?:(\\d(?:\\d|${group})*)(?:${decimal}(\\d*))?|${decimal}(\\d+))(?:[eE]([+-]?\\d+))?$`,
    );
    floatPatterns.set(key, pattern);
  }
  return pattern;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses an integer as Int64.Parse does (white space, optional sign, digits); undefined when
 * the text is not an integer or is outside the 64-bit range.
 */
export function parseIntegerText(text: string): bigint | undefined {
  const body = trimWhitespace(text, NUMBER_WHITESPACE);
  if (!/^[+-]?\d+$/.test(body)) return undefined;
  const value = BigInt(body);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}
