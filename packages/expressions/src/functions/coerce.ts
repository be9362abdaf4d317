/**
 * The implicit conversions Logic Apps applies between its value kinds, written once so every
 * function family agrees: how a value reads as text (string(), concat(), join()), when two
 * values are equal (contains(), union()), and how strings compare without regard to case
 * (.NET OrdinalIgnoreCase).
 */
import { binaryText, isBinaryContent } from './binary-content.ts';
import { valuesEqual } from './equality.ts';

/**
 * The text of a value as string() and `@{…}` produce it: null → '', booleans → 'True'/'False'
 * (.NET Boolean.ToString), numbers as .NET prints them, binary content envelopes decoded as
 * UTF-8 (the implicit base64 decoding), arrays and objects as compact JSON.
 */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return value.toString();
    default:
      if (isBinaryContent(value)) return binaryText(value);
      return jsonText(value);
  }
}

/** Compact JSON as Newtonsoft writes it: numbers in .NET form (1E-05), strings escaped as JSON.stringify does. */
export function jsonText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? formatNumber(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item) => jsonText(item)).join(',')}]`;
      return `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
        .join(',')}}`;
    default:
      return 'null';
  }
}

/**
 * A number as .NET prints it: integers in full; other doubles in the shortest round-trip form,
 * switching to E-notation ("1E+15", "1.5E-05") where .NET does (exponent >= 15 or < -4).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    if (Number.isNaN(value)) return 'NaN';
    return value > 0 ? 'Infinity' : '-Infinity';
  }
  if (Object.is(value, -0)) return '0';
  if (Number.isSafeInteger(value)) return String(value);
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= 15 || exponent < -4) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}E${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/**
 * Value equality as equals() applies it (1 equals 1.0 and true; strings case-sensitive;
 * arrays in order; objects by keys), shared so contains/union/intersection agree with equals.
 */
export const deepEqual: (a: unknown, b: unknown) => boolean = valuesEqual;

/**
 * Folds each UTF-16 unit to upper case the way .NET OrdinalIgnoreCase does (one unit in, one
 * unit out), so positions found in the folded text are positions in the original.
 */
export function foldCase(text: string): string {
  let out = '';
  for (const ch of text) {
    const upper = ch.toUpperCase();
    out += upper.length === ch.length ? upper : ch;
  }
  return out;
}

/** Upper or lower case per code point, keeping characters whose mapping would change length. */
export function mapCase(text: string, upper: boolean): string {
  let out = '';
  for (const ch of text) {
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += [...mapped].length === 1 ? mapped : ch;
  }
  return out;
}

/** Characters .NET's String.Trim() removes (char.IsWhiteSpace). */
const DOTNET_WHITESPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

/**
 * String.Trim() of .NET: Unicode white space at both ends (the BOM is not white space there).
 * Scans by index: a `\s+$` pattern takes quadratic time on long inner runs of spaces.
 */
export function trimWhitespace(text: string, whitespace: RegExp = DOTNET_WHITESPACE): string {
  let start = 0;
  let end = text.length;
  while (start < end && whitespace.test(text[start]!)) start++;
  while (end > start && whitespace.test(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/**
 * Sets an own data property; unlike `obj[key] = value` this is safe for keys such as
 * "__proto__" that arrive from user JSON.
 */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
