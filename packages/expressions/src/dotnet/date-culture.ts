/**
 * DateTimeFormatInfo for the cultures formatDateTime/parseDateTime accept. en-US and the invariant
 * culture are written out as .NET (Windows/NLS data) has them; any other culture is derived from
 * the runtime's ICU data through Intl: names from Intl directly, standard patterns rebuilt from
 * Intl's formatToParts. Derived patterns can differ from .NET's tables in small ways (a 2-digit vs
 * 1-digit day, a comma) — see README notes in the function family.
 */
import { CultureCache } from './culture-cache.ts';

export interface DateCulture {
  /** Lower-case culture name ('' for the invariant culture). */
  name: string;
  monthNames: readonly string[];
  /** Month names as used next to a day number ('d MMMM'), which differ in e.g. Polish or Russian. */
  monthGenitiveNames: readonly string[];
  abbreviatedMonthNames: readonly string[];
  abbreviatedMonthGenitiveNames: readonly string[];
  /** Sunday first. */
  dayNames: readonly string[];
  abbreviatedDayNames: readonly string[];
  amDesignator: string;
  pmDesignator: string;
  dateSeparator: string;
  timeSeparator: string;
  eraName: string;
  patterns: {
    shortDate: string;
    longDate: string;
    shortTime: string;
    longTime: string;
    monthDay: string;
    yearMonth: string;
  };
  /** Order of day, month and year in the short date, used by the lenient parser. */
  dateOrder: 'MDY' | 'DMY' | 'YMD';
}

const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const EN_MONTHS_ABBR = EN_MONTHS.map((m) => m.slice(0, 3));
const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_DAYS_ABBR = EN_DAYS.map((d) => d.slice(0, 3));

export const INVARIANT_CULTURE: DateCulture = {
  name: '',
  monthNames: EN_MONTHS,
  monthGenitiveNames: EN_MONTHS,
  abbreviatedMonthNames: EN_MONTHS_ABBR,
  abbreviatedMonthGenitiveNames: EN_MONTHS_ABBR,
  dayNames: EN_DAYS,
  abbreviatedDayNames: EN_DAYS_ABBR,
  amDesignator: 'AM',
  pmDesignator: 'PM',
  dateSeparator: '/',
  timeSeparator: ':',
  eraName: 'A.D.',
  patterns: {
    shortDate: 'MM/dd/yyyy',
    longDate: 'dddd, dd MMMM yyyy',
    shortTime: 'HH:mm',
    longTime: 'HH:mm:ss',
    monthDay: 'MMMM dd',
    yearMonth: 'yyyy MMMM',
  },
  dateOrder: 'MDY',
};

export const EN_US_CULTURE: DateCulture = {
  ...INVARIANT_CULTURE,
  name: 'en-us',
  patterns: {
    shortDate: 'M/d/yyyy',
    longDate: 'dddd, MMMM d, yyyy',
    shortTime: 'h:mm tt',
    longTime: 'h:mm:ss tt',
    monthDay: 'MMMM d',
    yearMonth: 'MMMM yyyy',
  },
};

const cultures = new CultureCache<DateCulture>(
  [
    ['', INVARIANT_CULTURE],
    ['invariant', INVARIANT_CULTURE],
    ['en-us', EN_US_CULTURE],
  ],
  deriveCulture,
);

/** The culture for a locale argument; undefined/null means en-US (the Logic Apps default). */
export function resolveDateCulture(locale?: string | null): DateCulture {
  if (locale === undefined || locale === null) return EN_US_CULTURE;
  return cultures.resolve(locale);
}

// A sample instant whose parts are all distinguishable: 2009-03-05 (Thursday) 09:05:07 UTC.
const SAMPLE = Date.UTC(2009, 2, 5, 9, 5, 7);

function quote(text: string): string {
  return text.length === 0 ? '' : `'${text.replace(/'/g, "\\'")}'`;
}

/** Rebuilds a .NET custom pattern from what Intl prints for the sample instant. */
function patternFrom(locale: string, options: Intl.DateTimeFormatOptions): string {
  const parts = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).formatToParts(SAMPLE);
  let out = '';
  for (const part of parts) {
    switch (part.type) {
      case 'year':
        out += part.value.length === 2 ? 'yy' : 'yyyy';
        break;
      case 'month':
        out += /^\d+$/.test(part.value) ? (part.value.length === 2 ? 'MM' : 'M') : options.month === 'short' ? 'MMM' : 'MMMM';
        break;
      case 'day':
        out += part.value.length === 2 ? 'dd' : 'd';
        break;
      case 'weekday':
        out += options.weekday === 'short' ? 'ddd' : 'dddd';
        break;
      case 'hour': {
        const twelve = parts.some((p) => p.type === 'dayPeriod');
        out += twelve ? (part.value.length === 2 ? 'hh' : 'h') : part.value.length === 2 ? 'HH' : 'H';
        break;
      }
      case 'minute':
        out += 'mm';
        break;
      case 'second':
        out += 'ss';
        break;
      case 'dayPeriod':
        out += 'tt';
        break;
      default:
        out += quote(part.value);
    }
  }
  return out;
}

function partOf(locale: string, when: number, options: Intl.DateTimeFormatOptions, type: string): string {
  const parts = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).formatToParts(when);
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** ICU splits some month names around the day ('1月' → '1' + '月'); keep the whole name then. */
function genitive(withDay: string[], alone: string[]): string[] {
  return withDay.map((name, i) => (name === '' || /^\d+$/.test(name) ? alone[i] : name));
}

function deriveCulture(locale: string): DateCulture {
  const months = (opts: Intl.DateTimeFormatOptions): string[] =>
    Array.from({ length: 12 }, (_, m) => partOf(locale, Date.UTC(2009, m, 15), opts, 'month'));
  // 2009-03-01 was a Sunday.
  const days = (weekday: 'long' | 'short'): string[] =>
    Array.from({ length: 7 }, (_, d) => partOf(locale, Date.UTC(2009, 2, 1 + d), { weekday }, 'weekday'));
  const shortDateParts = new Intl.DateTimeFormat(locale, {
    year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC',
  }).formatToParts(SAMPLE);
  const order = shortDateParts
    .filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day')
    .map((p) => p.type[0].toUpperCase())
    .join('');
  const timeParts = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).formatToParts(SAMPLE);
  const hourIndex = timeParts.findIndex((p) => p.type === 'hour');
  const am = partOf(locale, Date.UTC(2009, 2, 5, 9), { hour: 'numeric', hour12: true }, 'dayPeriod');
  const pm = partOf(locale, Date.UTC(2009, 2, 5, 21), { hour: 'numeric', hour12: true }, 'dayPeriod');
  const shortDate = patternFrom(locale, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return {
    name: locale.toLowerCase(),
    monthNames: months({ month: 'long' }),
    monthGenitiveNames: genitive(months({ month: 'long', day: 'numeric' }), months({ month: 'long' })),
    abbreviatedMonthNames: months({ month: 'short' }),
    abbreviatedMonthGenitiveNames: genitive(months({ month: 'short', day: 'numeric' }), months({ month: 'short' })),
    dayNames: days('long'),
    abbreviatedDayNames: days('short'),
    amDesignator: am || 'AM',
    pmDesignator: pm || 'PM',
    dateSeparator: shortDateParts.find((p) => p.type === 'literal')?.value ?? '/',
    timeSeparator: timeParts[hourIndex + 1]?.type === 'literal' ? timeParts[hourIndex + 1].value : ':',
    eraName: 'A.D.',
    patterns: {
      shortDate,
      longDate: patternFrom(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
      shortTime: patternFrom(locale, { hour: 'numeric', minute: '2-digit' }),
      longTime: patternFrom(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
      monthDay: patternFrom(locale, { month: 'long', day: 'numeric' }),
      yearMonth: patternFrom(locale, { month: 'long', year: 'numeric' }),
    },
    dateOrder: order === 'DMY' || order === 'YMD' ? order : 'MDY',
  };
}
