/**
 * DateTime.ParseExact(text, format, culture, AdjustToUniversal) for parseDateTime's format
 * argument: the input must follow the pattern field by field. Surrounding whitespace is ignored.
 */
import type { DateCulture } from './date-culture.ts';
import { type FormatToken, resolveFormat } from './date-format.ts';
import { addTicks, fieldsOf, fromFields, fractionToTicks, timestamp, TICKS_PER_MINUTE, type Timestamp } from './timestamp.ts';
import { invalidTimestamp } from './timestamp-parse.ts';

interface Parsed {
  year?: number;
  month?: number;
  day?: number;
  dayOfWeek?: number;
  hour?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  fraction?: string;
  offset?: number;
}

/** Parses `text` with a .NET format string; ExpressionError when it does not match. */
export function parseExact(
  text: string,
  format: string,
  culture: DateCulture,
  today?: () => { year: number; month: number; day: number },
): Timestamp {
  const { tokens, culture: used } = resolveFormat(format, culture);
  const input = text.trim();
  const fail = (): never => {
    throw invalidTimestamp(text);
  };
  const parsed: Parsed = {};
  let pos = 0;

  const digits = (min: number, max: number): string => {
    let end = pos;
    while (end < input.length && end - pos < max && input.charCodeAt(end) >= 48 && input.charCodeAt(end) <= 57) end++;
    if (end - pos < min) fail();
    const out = input.slice(pos, end);
    pos = end;
    return out;
  };
  const oneOf = (names: ReadonlyArray<readonly string[]>): number => {
    let best = -1;
    let bestLength = 0;
    const rest = input.slice(pos).toLowerCase();
    for (const list of names) {
      list.forEach((name, i) => {
        if (name.length > bestLength && rest.startsWith(name.toLowerCase())) {
          best = i;
          bestLength = name.length;
        }
      });
    }
    if (best < 0) fail();
    pos += bestLength;
    return best;
  };
  const literal = (expected: string): void => {
    if (input.slice(pos, pos + expected.length).toLowerCase() !== expected.toLowerCase()) fail();
    pos += expected.length;
  };
  const offset = (required: boolean, minuteDigits: boolean): void => {
    const sign = input[pos];
    if (sign !== '+' && sign !== '-') {
      if (required) fail();
      return;
    }
    pos++;
    const hours = Number(digits(1, 2));
    let minutes = 0;
    if (minuteDigits || input[pos] === ':') {
      literal(':');
      minutes = Number(digits(2, 2));
    }
    if (hours > 14 || minutes > 59) fail();
    parsed.offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  };

  for (const token of tokens as FormatToken[]) {
    if (token.kind === 'literal') {
      literal(token.text);
      continue;
    }
    if (token.kind === 'separator') {
      literal(token.which === 'date' ? used.dateSeparator : used.timeSeparator);
      continue;
    }
    const n = token.count;
    switch (token.letter) {
      case 'd':
        if (n <= 2) parsed.day = Number(digits(n, 2));
        else parsed.dayOfWeek = oneOf(n === 3 ? [used.abbreviatedDayNames] : [used.dayNames]);
        break;
      case 'M':
        if (n <= 2) parsed.month = Number(digits(n, 2));
        else {
          parsed.month = 1 + oneOf(n === 3
            ? [used.abbreviatedMonthNames, used.abbreviatedMonthGenitiveNames]
            : [used.monthNames, used.monthGenitiveNames]);
        }
        break;
      case 'y': {
        const y = digits(n <= 2 ? n : Math.min(n, 4), n <= 2 ? 2 : Math.max(n, 4));
        parsed.year = n <= 2 ? (Number(y) < 50 ? 2000 : 1900) + Number(y) : Number(y);
        break;
      }
      case 'h':
      case 'H':
        parsed.hour = Number(digits(n === 1 ? 1 : 2, 2));
        if (token.letter === 'h' && (parsed.hour < 1 || parsed.hour > 12)) fail();
        break;
      case 'm':
        parsed.minute = Number(digits(n === 1 ? 1 : 2, 2));
        break;
      case 's':
        parsed.second = Number(digits(n === 1 ? 1 : 2, 2));
        break;
      case 'f':
        parsed.fraction = digits(n, n);
        break;
      case 'F':
        parsed.fraction = digits(0, n);
        break;
      case 't': {
        const names = n === 1
          ? [used.amDesignator.slice(0, 1), used.pmDesignator.slice(0, 1)]
          : [used.amDesignator, used.pmDesignator];
        parsed.pm = oneOf([names]) === 1;
        break;
      }
      case 'K':
        if (input[pos] === 'Z' || input[pos] === 'z') {
          pos++;
          parsed.offset = 0;
        } else offset(false, true);
        break;
      case 'z':
        offset(true, n >= 3);
        break;
      case 'g':
        literal(used.eraName);
        break;
      default:
        literal(token.letter.repeat(n));
    }
  }
  if (pos !== input.length) fail();

  const hasDate = parsed.year !== undefined || parsed.month !== undefined || parsed.day !== undefined;
  const now = (): { year: number; month: number; day: number } => (today ? today() : fail());
  const year = parsed.year ?? now().year;
  const month = hasDate ? (parsed.month ?? 1) : now().month;
  const day = hasDate ? (parsed.day ?? 1) : now().day;
  let hour = parsed.hour ?? 0;
  if (parsed.pm !== undefined) hour = (hour % 12) + (parsed.pm ? 12 : 0);

  let result: Timestamp;
  try {
    result = fromFields(year, month, day, hour, parsed.minute ?? 0, parsed.second ?? 0, 0, 'Unspecified');
    result = addTicks(result, BigInt(fractionToTicks(parsed.fraction ?? '')));
  } catch {
    return fail();
  }
  if (parsed.dayOfWeek !== undefined && fieldsOf(result).dayOfWeek !== parsed.dayOfWeek) fail();
  if (parsed.offset !== undefined) {
    try {
      result = timestamp(result.ticks - BigInt(parsed.offset) * TICKS_PER_MINUTE, 'Utc');
    } catch {
      return fail();
    }
  }
  return result;
}
