/**
 * .NET date/time format strings: the standard one-letter formats (d, D, f, F, g, G, M, O, R, s,
 * t, T, u, U, Y) and custom patterns (yyyy-MM-dd HH:mm:ss.fffffff K …), formatted the way
 * DateTime.ToString(format, culture) does. The tokenizer is shared with parseExact.
 */
import { ExpressionError } from '../errors.ts';
import { type DateCulture, EN_US_CULTURE, INVARIANT_CULTURE } from './date-culture.ts';
import { type Timestamp, fieldsOf } from './timestamp.ts';

/** One piece of a custom pattern: a field letter repeated `count` times, or literal text. */
export type FormatToken =
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'literal'; text: string }
  /** The culture's date separator ('/') or time separator (':'). */
  | { kind: 'separator'; which: 'date' | 'time' };

const FIELD_LETTERS = new Set(['d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z']);

export function formatError(format: string, why: string): ExpressionError {
  return new ExpressionError(
    'InvalidArgument',
    `The provided date time format '${format}' is not valid: ${why}. It must be a standard or custom .NET date and time format string.`,
  );
}

/** Splits a custom pattern into tokens; throws ExpressionError for the patterns .NET rejects. */
export function tokenizeCustomFormat(pattern: string, original = pattern): FormatToken[] {
  const tokens: FormatToken[] = [];
  const pushLiteral = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (FIELD_LETTERS.has(ch)) {
      let count = 1;
      // .NET reads 'K' one letter at a time ('KK' prints the zone twice); the others as a run.
      while (ch !== 'K' && pattern[i + count] === ch) count++;
      if ((ch === 'f' || ch === 'F') && count > 7) throw formatError(original, `'${ch}' may repeat at most 7 times`);
      tokens.push({ kind: 'field', letter: ch, count });
      i += count;
    } else if (ch === "'" || ch === '"') {
      let text = '';
      let j = i + 1;
      for (; j < pattern.length && pattern[j] !== ch; j++) {
        if (pattern[j] === '\\' && j + 1 < pattern.length) j++;
        text += pattern[j];
      }
      if (j >= pattern.length) throw formatError(original, `the quoted text starting at position ${i} is not closed`);
      pushLiteral(text);
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 >= pattern.length) throw formatError(original, 'it ends with an escape character');
      pushLiteral(pattern[i + 1]);
      i += 2;
    } else if (ch === '%') {
      const next = pattern[i + 1];
      if (next === undefined || next === '%') throw formatError(original, "'%' must be followed by a format character");
      i += 1;
    } else if (ch === '/' || ch === ':') {
      tokens.push({ kind: 'separator', which: ch === '/' ? 'date' : 'time' });
      i += 1;
    } else {
      pushLiteral(ch);
      i += 1;
    }
  }
  return tokens;
}

/** How a one-letter standard format expands, or undefined when the letter is not one. */
export function standardPattern(letter: string, culture: DateCulture): string | undefined {
  const p = culture.patterns;
  switch (letter) {
    case 'd': return p.shortDate;
    case 'D': return p.longDate;
    case 'f': return `${p.longDate} ${p.shortTime}`;
    case 'F': case 'U': return `${p.longDate} ${p.longTime}`;
    case 'g': return `${p.shortDate} ${p.shortTime}`;
    case 'G': return `${p.shortDate} ${p.longTime}`;
    case 'm': case 'M': return p.monthDay;
    case 'o': case 'O': return "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
    case 'r': case 'R': return "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
    case 's': return "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
    case 't': return p.shortTime;
    case 'T': return p.longTime;
    case 'u': return "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
    case 'y': case 'Y': return p.yearMonth;
    default: return undefined;
  }
}

/** Standard formats that always use invariant names whatever the culture. */
const INVARIANT_STANDARD = new Set(['o', 'O', 'r', 'R', 's', 'u']);

/** The pattern and culture a format string resolves to (standard letters expanded). */
export function resolveFormat(format: string, culture: DateCulture): { tokens: FormatToken[]; culture: DateCulture } {
  if (format.length === 1) {
    const pattern = standardPattern(format, culture);
    if (pattern === undefined) throw formatError(format, `'${format}' is not a standard format specifier`);
    const used = INVARIANT_STANDARD.has(format) ? INVARIANT_CULTURE : culture;
    return { tokens: tokenizeCustomFormat(pattern, format), culture: used };
  }
  return { tokens: tokenizeCustomFormat(format), culture };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Formats a Timestamp with a .NET format string ('o' when omitted) in a culture (en-US when omitted). */
export function formatTimestamp(ts: Timestamp, format = 'o', culture: DateCulture = EN_US_CULTURE): string {
  const resolved = resolveFormat(format === '' ? 'G' : format, culture);
  return formatTokens(ts, resolved.tokens, resolved.culture);
}

export function formatTokens(ts: Timestamp, tokens: readonly FormatToken[], culture: DateCulture): string {
  const f = fieldsOf(ts);
  // .NET uses genitive month names when the pattern also shows a day number.
  const hasDayNumber = tokens.some((t) => t.kind === 'field' && t.letter === 'd' && t.count <= 2);
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    if (token.kind === 'separator') {
      out += token.which === 'date' ? culture.dateSeparator : culture.timeSeparator;
      continue;
    }
    const n = token.count;
    switch (token.letter) {
      case 'd':
        out += n === 1 ? String(f.day) : n === 2 ? pad(f.day, 2)
          : n === 3 ? culture.abbreviatedDayNames[f.dayOfWeek] : culture.dayNames[f.dayOfWeek];
        break;
      case 'M':
        out += n === 1 ? String(f.month) : n === 2 ? pad(f.month, 2)
          : n === 3 ? (hasDayNumber ? culture.abbreviatedMonthGenitiveNames : culture.abbreviatedMonthNames)[f.month - 1]
            : (hasDayNumber ? culture.monthGenitiveNames : culture.monthNames)[f.month - 1];
        break;
      case 'y':
        out += n === 1 ? String(f.year % 100) : n === 2 ? pad(f.year % 100, 2) : pad(f.year, n);
        break;
      case 'h': {
        const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
        out += n === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case 'H':
        out += n === 1 ? String(f.hour) : pad(f.hour, 2);
        break;
      case 'm':
        out += n === 1 ? String(f.minute) : pad(f.minute, 2);
        break;
      case 's':
        out += n === 1 ? String(f.second) : pad(f.second, 2);
        break;
      case 'f':
        out += pad(Math.floor(f.fraction / 10 ** (7 - n)), n);
        break;
      case 'F': {
        const digits = pad(Math.floor(f.fraction / 10 ** (7 - n)), n).replace(/0+$/, '');
        // An all-zero 'F' fraction also swallows the decimal point written just before it.
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't': {
        const designator = f.hour < 12 ? culture.amDesignator : culture.pmDesignator;
        out += n === 1 ? designator.slice(0, 1) : designator;
        break;
      }
      case 'K':
        out += ts.kind === 'Utc' ? 'Z' : '';
        break;
      case 'z':
        // Utc values have offset zero; Unspecified ones take the host's local zone, which is UTC.
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
      case 'g':
        out += culture.eraName;
        break;
      default:
        out += token.letter.repeat(n);
    }
  }
  return out;
}
