/**
 * The implicit conversions Logic Apps applies between its value kinds, written once so every
 * function family agrees: how a value reads as text (string(), concat(), join()), when two
 * values are equal (contains(), union()), and how strings compare without regard to case
 * (.NET OrdinalIgnoreCase).
 */
import { interpolationText } from '../text.ts';
import { binaryText, isBinaryContent } from './binary-content.ts';
import { valuesEqual } from './equality.ts';

/**
 * The text of a value as string() produces it: the interpolation rule of `@{…}` (null → '',
 * booleans → 'True'/'False', objects → compact JSON), plus the implicit base64 decoding of
 * binary content envelopes, which read as their UTF-8 text.
 */
export function toText(value: unknown): string {
  return isBinaryContent(value) ? binaryText(value) : interpolationText(value);
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
const DOTNET_WHITESPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const TRIM_PATTERN = new RegExp(`^${DOTNET_WHITESPACE}+|${DOTNET_WHITESPACE}+$`, 'g');

/** String.Trim() of .NET: Unicode white space at both ends (the BOM is not white space there). */
export function trimWhitespace(text: string): string {
  return text.replace(TRIM_PATTERN, '');
}

/**
 * Sets an own data property; unlike `obj[key] = value` this is safe for keys such as
 * "__proto__" that arrive from user JSON.
 */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
