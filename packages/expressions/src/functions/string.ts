/**
 * String functions with their .NET semantics: startsWith/endsWith/indexOf/lastIndexOf/nthIndexOf
 * ignore case (OrdinalIgnoreCase), replace is case-sensitive and replaces every occurrence,
 * substring() fails when the range leaves the string while slice() clamps and counts negative
 * indexes from the end. Positions are UTF-16 units, as in .NET.
 * chunk() and length() work on strings too; they live with the collection functions.
 */
import { expectInteger, expectString } from './args.ts';
import { argValueError, ExpressionError } from '../errors.ts';
import { foldCase, mapCase, toText, trimWhitespace } from './coerce.ts';
import { INVARIANT_SYMBOLS, localeSymbols, parseFloatText, parseIntegerText } from './number-text.ts';
import type { FunctionRegistry } from './registry.ts';

/** Longest string concat() may build, as Logic Apps documents. */
export const MAX_STRING_RESULT = 104_857_600;

export function registerStringFunctions(registry: FunctionRegistry): void {
  registry.register({
    name: 'concat',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => {
      const text = args.map((arg) => toText(arg)).join('');
      if (text.length > MAX_STRING_RESULT) {
        throw new ExpressionError(
          'InvalidArgument',
          `The template language function 'concat' produced a string longer than ${MAX_STRING_RESULT} characters.`,
        );
      }
      return text;
    },
  });

  registry.register({
    name: 'startsWith',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([text, search]) =>
      foldCase(expectString('startsWith', 0, text)).startsWith(foldCase(expectString('startsWith', 1, search))),
  });

  registry.register({
    name: 'endsWith',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([text, search]) =>
      foldCase(expectString('endsWith', 0, text)).endsWith(foldCase(expectString('endsWith', 1, search))),
  });

  registry.register({
    name: 'indexOf',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([text, search]) =>
      foldCase(expectString('indexOf', 0, text)).indexOf(foldCase(expectString('indexOf', 1, search))),
  });

  registry.register({
    name: 'lastIndexOf',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([textArg, searchArg]) => {
      const text = expectString('lastIndexOf', 0, textArg);
      const search = expectString('lastIndexOf', 1, searchArg);
      // The documented .NET answers for empty inputs.
      if (search === '') return text === '' ? 0 : text.length - 1;
      return foldCase(text).lastIndexOf(foldCase(search));
    },
  });

  registry.register({
    name: 'nthIndexOf',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    fn: ([textArg, searchArg, occurrenceArg]) => {
      const text = foldCase(expectString('nthIndexOf', 0, textArg));
      const search = foldCase(expectString('nthIndexOf', 1, searchArg));
      const occurrence = expectInteger('nthIndexOf', 2, occurrenceArg);
      if (occurrence === 0) throw argValueError('nthIndexOf', 2, 'the occurrence must not be 0');
      return nthIndex(text, search, occurrence);
    },
  });

  registry.register({
    name: 'replace',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    fn: ([textArg, oldArg, newArg]) => {
      const text = expectString('replace', 0, textArg);
      const oldText = expectString('replace', 1, oldArg);
      const newText = expectString('replace', 2, newArg);
      if (oldText === '') throw argValueError('replace', 1, 'the text to replace must not be empty');
      return text.split(oldText).join(newText);
    },
  });

  registry.register({
    name: 'split',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([textArg, delimiterArg]) => {
      const text = expectString('split', 0, textArg);
      const delimiter = expectString('split', 1, delimiterArg);
      // .NET's String.Split(string) returns the whole string for an empty separator.
      return delimiter === '' ? [text] : text.split(delimiter);
    },
  });

  registry.register({
    name: 'substring',
    minArgs: 2,
    maxArgs: 3,
    pure: true,
    fn: ([textArg, startArg, lengthArg]) => {
      const text = expectString('substring', 0, textArg);
      const start = expectInteger('substring', 1, startArg);
      const length = lengthArg === undefined ? text.length - start : expectInteger('substring', 2, lengthArg);
      if (start < 0 || start > text.length || length < 0 || start + length > text.length) {
        throw new ExpressionError(
          'InvalidArgument',
          `The template language function 'substring' parameters are out of range: 'start index' (${start}) and ` +
            `'length' (${length}) must be non-negative integers and their sum must be no larger than the length ` +
            `of the string (${text.length}).`,
        );
      }
      return text.slice(start, start + length);
    },
  });

  registry.register({
    name: 'slice',
    minArgs: 2,
    maxArgs: 3,
    pure: true,
    fn: ([textArg, startArg, endArg]) => {
      const text = expectString('slice', 0, textArg);
      const start = expectInteger('slice', 1, startArg);
      const end = endArg === undefined ? undefined : expectInteger('slice', 2, endArg);
      // String.prototype.slice has exactly the documented clamping and negative-index rules.
      return text.slice(start, end);
    },
  });

  registry.register({
    name: 'toLower',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([text]) => mapCase(expectString('toLower', 0, text), false),
  });

  registry.register({
    name: 'toUpper',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([text]) => mapCase(expectString('toUpper', 0, text), true),
  });

  registry.register({
    name: 'trim',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([text]) => trimWhitespace(expectString('trim', 0, text)),
  });

  registry.register({
    name: 'guid',
    minArgs: 0,
    maxArgs: 1,
    fn: ([formatArg], ctx) => {
      const format = formatArg === undefined ? 'D' : expectString('guid', 0, formatArg);
      return formatGuid(ctx.host.guid(), format);
    },
  });

  registry.register({
    name: 'isInt',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([text]) => parseIntegerText(expectString('isInt', 0, text)) !== undefined,
  });

  registry.register({
    name: 'isFloat',
    minArgs: 1,
    maxArgs: 2,
    pure: true,
    fn: ([textArg, localeArg]) => {
      const text = expectString('isFloat', 0, textArg);
      const symbols = localeArg === undefined ? INVARIANT_SYMBOLS : requireLocale('isFloat', 1, localeArg);
      return parseFloatText(text, symbols) !== undefined;
    },
  });
}

/** Separators of the locale named by argument `index`, or InvalidArgument naming it. */
export function requireLocale(fn: string, index: number, value: unknown) {
  const locale = expectString(fn, index, value);
  const symbols = localeSymbols(locale);
  if (!symbols) throw argValueError(fn, index, `'${locale}' is not a valid locale`);
  return symbols;
}

/** Index of the nth (1-based) occurrence from the start, or from the end when n is negative. */
function nthIndex(text: string, search: string, occurrence: number): number {
  let index = occurrence > 0 ? -1 : text.length + 1;
  for (let found = 0; found < Math.abs(occurrence); found++) {
    index = occurrence > 0 ? text.indexOf(search, index + 1) : index - 1 < 0 ? -1 : text.lastIndexOf(search, index - 1);
    if (index < 0) return -1;
  }
  return index;
}

/** Formats a GUID as .NET's Guid.ToString(format) does for N, D, B, P and X (lower-case hex). */
export function formatGuid(guid: string, format: string): string {
  const hex = guid.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  if (hex.length !== 32) {
    throw new ExpressionError('InvalidArgument', `The host produced an invalid GUID '${guid}'.`);
  }
  const d = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  switch (format.toUpperCase()) {
    case 'N':
      return hex;
    case 'D':
      return d;
    case 'B':
      return `{${d}}`;
    case 'P':
      return `(${d})`;
    case 'X': {
      const bytes = hex.slice(16).match(/../g)!.map((b) => `0x${b}`).join(',');
      return `{0x${hex.slice(0, 8)},0x${hex.slice(8, 12)},0x${hex.slice(12, 16)},{${bytes}}}`;
    }
    default:
      throw argValueError('guid', 0, `'${format}' is not a GUID format; use N, D, B, P or X`);
  }
}
