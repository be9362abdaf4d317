/**
 * The forgiving timestamp reader every date function applies to its input, modelled on
 * DateTime.Parse(text, culture, AdjustToUniversal): ISO 8601 first, then the culture's numeric
 * date order (M/d/yyyy for en-US, d/M/yyyy for fr-FR), month and weekday names, a clock time with
 * optional AM/PM, and a trailing 'Z', 'GMT' or ±hh:mm (which turns the result into UTC).
 * Anything else is an ExpressionError; nothing else is ever thrown.
 */
import { ExpressionError } from '../errors.ts';
import { type DateCulture, EN_US_CULTURE } from './date-culture.ts';
import {
  type DateTimeKind,
  type Timestamp,
  TICKS_PER_MINUTE,
  addTicks,
  dayNumber,
  fromFields,
  fractionToTicks,
  timestamp,
} from './timestamp.ts';

export interface ParseOptions {
  culture?: DateCulture;
  /** Today's date, for inputs that carry only a time or no year (DateTime.Parse uses the clock). */
  today?: () => { year: number; month: number; day: number };
}

export function invalidTimestamp(text: string): ExpressionError {
  const shown = text.length > 100 ? `${text.slice(0, 100)}…` : text;
  return new ExpressionError(
    'InvalidArgument',
    `The string '${shown}' was not recognized as a valid DateTime.`,
  );
}

const ISO =
  /^(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Minutes east of UTC for 'Z', '+02', '+0530', '-05:00'. */
function offsetMinutes(zone: string): number {
  if (/^(z|gmt|utc)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return Number.NaN;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return Number.NaN;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Applies the zone suffix: none → Unspecified; Z/offset → the UTC instant, Kind Utc. */
function withZone(local: Timestamp, zone: string | undefined, text: string): Timestamp {
  if (zone === undefined) return local;
  const offset = offsetMinutes(zone);
  if (Number.isNaN(offset)) throw invalidTimestamp(text);
  return timestamp(local.ticks - BigInt(offset) * TICKS_PER_MINUTE, 'Utc');
}

function build(
  text: string,
  date: { year: number; month: number; day: number },
  time: { hour: number; minute: number; second: number; fraction: string },
  zone: string | undefined,
): Timestamp {
  const kind: DateTimeKind = 'Unspecified';
  let local: Timestamp;
  try {
    local = fromFields(date.year, date.month, date.day, time.hour, time.minute, time.second, 0, kind);
    local = addTicks(local, BigInt(fractionToTicks(time.fraction)));
  } catch {
    throw invalidTimestamp(text);
  }
  return withZone(local, zone, text);
}

/** Reads a timestamp the way Logic Apps' date functions do; throws ExpressionError when it cannot. */
export function parseTimestamp(text: string, options: ParseOptions = {}): Timestamp {
  if (typeof text !== 'string' || text.length > 256) throw invalidTimestamp(String(text));
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  if (iso) {
    return build(
      text,
      { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3] ?? '1') },
      { hour: Number(iso[4] ?? '0'), minute: Number(iso[5] ?? '0'), second: Number(iso[6] ?? '0'), fraction: iso[7] ?? '' },
      iso[8],
    );
  }
  return parseLoose(text, trimmed, options);
}

const TIME =
  /(^|[\sT,])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([ap]\.?m\.?|[ap])(?![a-z]))?(?:\s*(z|gmt|utc|[+-]\d{1,2}(?::?\d{2})?)(?![\w:]))?/i;
const FILLER_WORDS = new Set(['de', 'of', 'the', 'at', 'à', 'um', 'el', 'le']);

function normalize(word: string): string {
  return word.toLowerCase().replace(/\.$/, '');
}

function nameIndex(word: string, lists: ReadonlyArray<readonly string[]>): number {
  const w = normalize(word);
  for (const list of lists) {
    const i = list.findIndex((name) => normalize(name) === w);
    if (i >= 0) return i;
  }
  return -1;
}

function twoDigitYear(digits: string): number {
  const n = Number(digits);
  if (digits.length > 2) return n;
  // Calendar.TwoDigitYearMax is 2049 for the Gregorian calendar.
  return n < 50 ? 2000 + n : 1900 + n;
}

function parseLoose(text: string, trimmed: string, options: ParseOptions): Timestamp {
  const culture = options.culture ?? EN_US_CULTURE;
  let rest = trimmed;

  let time = { hour: 0, minute: 0, second: 0, fraction: '' };
  let zone: string | undefined;
  const t = TIME.exec(rest);
  let hasTime = false;
  if (t) {
    hasTime = true;
    let hour = Number(t[2]);
    const designator = t[6]?.toLowerCase();
    if (designator !== undefined) {
      if (hour < 1 || hour > 12) throw invalidTimestamp(text);
      const pm = designator.startsWith('p');
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    time = { hour, minute: Number(t[3]), second: Number(t[4] ?? '0'), fraction: t[5] ?? '' };
    zone = t[7];
    rest = `${rest.slice(0, t.index)} ${rest.slice(t.index + t[0].length)}`;
  } else {
    const z = /\s(gmt|utc|z)$/i.exec(rest);
    if (z) {
      zone = z[1];
      rest = rest.slice(0, z.index);
    }
  }

  const words = rest.split(/[\s,/\-.]+/).filter((w) => w.length > 0);
  const numbers: string[] = [];
  let month = -1;
  let weekday = -1;
  for (const word of words) {
    if (/^\d+$/.test(word)) {
      numbers.push(word);
      continue;
    }
    if (/^\d/.test(word)) throw invalidTimestamp(text);
    const m = nameIndex(word, [
      culture.monthNames, culture.monthGenitiveNames, culture.abbreviatedMonthNames,
      culture.abbreviatedMonthGenitiveNames, EN_US_CULTURE.monthNames, EN_US_CULTURE.abbreviatedMonthNames,
    ]);
    if (m >= 0) {
      if (month >= 0) throw invalidTimestamp(text);
      month = m + 1;
      continue;
    }
    const d = nameIndex(word, [culture.dayNames, culture.abbreviatedDayNames, EN_US_CULTURE.dayNames, EN_US_CULTURE.abbreviatedDayNames]);
    if (d >= 0) {
      weekday = d % 7;
      continue;
    }
    if (FILLER_WORDS.has(normalize(word))) continue;
    throw invalidTimestamp(text);
  }

  const today = (): { year: number; month: number; day: number } => {
    if (!options.today) throw invalidTimestamp(text);
    return options.today();
  };

  let date: { year: number; month: number; day: number };
  if (month >= 0) {
    if (numbers.length === 2) {
      const yearFirst = numbers[0].length > 2 || Number(numbers[0]) > 31;
      const [y, d] = yearFirst ? [numbers[0], numbers[1]] : [numbers[1], numbers[0]];
      date = { year: twoDigitYear(y), month, day: Number(d) };
    } else if (numbers.length === 1) {
      date = { year: today().year, month, day: Number(numbers[0]) };
    } else {
      throw invalidTimestamp(text);
    }
  } else if (numbers.length === 3) {
    const order = numbers[0].length > 2 ? 'YMD' : culture.dateOrder;
    const at = (letter: string): string => numbers[order.indexOf(letter)];
    date = { year: twoDigitYear(at('Y')), month: Number(at('M')), day: Number(at('D')) };
  } else if (numbers.length === 2) {
    const order = culture.dateOrder.replace('Y', '');
    date = { year: today().year, month: Number(numbers[order.indexOf('M')]), day: Number(numbers[order.indexOf('D')]) };
  } else if (numbers.length === 0 && hasTime) {
    date = today();
  } else {
    throw invalidTimestamp(text);
  }
  if (numbers.some((n) => n.length > 4)) throw invalidTimestamp(text);
  // Like DateTime.Parse, a weekday name must agree with the date it accompanies.
  if (weekday >= 0 && (dayNumber(date.year, date.month, date.day) + 1) % 7 !== weekday) throw invalidTimestamp(text);
  return build(text, date, time, zone);
}
