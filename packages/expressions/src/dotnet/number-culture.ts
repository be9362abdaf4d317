/**
 * NumberFormatInfo for formatNumber: en-US and the invariant culture written out as .NET (ICU
 * data, .NET 5+) has them; any other culture derived from Intl — separators, group sizes, the
 * currency of the locale's region and how currency and percent values are laid out.
 */
import { CultureCache } from './culture-cache.ts';

/** Placeholders in a layout template: the formatted digits, the currency/percent symbol, the minus sign. */
export const NUMBER_SLOT = '\uE000';
export const SYMBOL_SLOT = '\uE001';
export const MINUS_SLOT = '\uE002';

export interface NumberCulture {
  name: string;
  decimalSeparator: string;
  groupSeparator: string;
  /** Digits per group from the decimal point leftwards; the last size repeats (0 = stop). */
  groupSizes: readonly number[];
  negativeSign: string;
  percentSymbol: string;
  perMilleSymbol: string;
  currencySymbol: string;
  currencyDecimalDigits: number;
  numberDecimalDigits: number;
  percentDecimalDigits: number;
  /** Templates over NUMBER_SLOT, SYMBOL_SLOT and MINUS_SLOT. */
  currencyPositive: string;
  currencyNegative: string;
  percentPositive: string;
  percentNegative: string;
  nanSymbol: string;
  positiveInfinity: string;
  negativeInfinity: string;
}

const N = NUMBER_SLOT;
const S = SYMBOL_SLOT;
const M = MINUS_SLOT;

export const INVARIANT_NUMBERS: NumberCulture = {
  name: '',
  decimalSeparator: '.',
  groupSeparator: ',',
  groupSizes: [3],
  negativeSign: '-',
  percentSymbol: '%',
  perMilleSymbol: '‰',
  currencySymbol: '¤',
  currencyDecimalDigits: 2,
  numberDecimalDigits: 2,
  percentDecimalDigits: 2,
  currencyPositive: `${S}${N}`,
  currencyNegative: `(${S}${N})`,
  percentPositive: `${N} ${S}`,
  percentNegative: `${M}${N} ${S}`,
  nanSymbol: 'NaN',
  positiveInfinity: 'Infinity',
  negativeInfinity: '-Infinity',
};

export const EN_US_NUMBERS: NumberCulture = {
  ...INVARIANT_NUMBERS,
  name: 'en-us',
  currencySymbol: '$',
  currencyNegative: `${M}${S}${N}`,
  percentPositive: `${N}${S}`,
  percentNegative: `${M}${N}${S}`,
  positiveInfinity: '∞',
  negativeInfinity: '-∞',
};

/** The currency .NET's RegionInfo gives each region, for the regions people commonly use. */
const REGION_CURRENCY: Record<string, string> = {
  US: 'USD', GB: 'GBP', IS: 'ISK', JP: 'JPY', CN: 'CNY', IN: 'INR', CA: 'CAD', AU: 'AUD', NZ: 'NZD',
  CH: 'CHF', LI: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', RU: 'RUB',
  BR: 'BRL', MX: 'MXN', AR: 'ARS', CL: 'CLP', CO: 'COP', PE: 'PEN', ZA: 'ZAR', KR: 'KRW', TW: 'TWD',
  HK: 'HKD', SG: 'SGD', TR: 'TRY', IL: 'ILS', SA: 'SAR', AE: 'AED', EG: 'EGP', UA: 'UAH', RO: 'RON',
  BG: 'BGN', ID: 'IDR', TH: 'THB', VN: 'VND', MY: 'MYR', PH: 'PHP', PK: 'PKR', NG: 'NGN', KE: 'KES',
  MA: 'MAD', QA: 'QAR', KW: 'KWD', RS: 'RSD', BY: 'BYN', KZ: 'KZT', BD: 'BDT', LK: 'LKR',
  DE: 'EUR', FR: 'EUR', ES: 'EUR', IT: 'EUR', NL: 'EUR', BE: 'EUR', AT: 'EUR', PT: 'EUR', FI: 'EUR',
  IE: 'EUR', GR: 'EUR', LU: 'EUR', SK: 'EUR', SI: 'EUR', EE: 'EUR', LV: 'EUR', LT: 'EUR', MT: 'EUR',
  CY: 'EUR', HR: 'EUR', MC: 'EUR',
};

const cultures = new CultureCache<NumberCulture>(
  [
    ['', INVARIANT_NUMBERS],
    ['invariant', INVARIANT_NUMBERS],
    ['en-us', EN_US_NUMBERS],
  ],
  deriveNumberCulture,
);

/** The number culture for a locale argument (undefined → en-US); ExpressionError when unknown. */
export function resolveNumberCulture(locale?: string | null): NumberCulture {
  if (locale === undefined || locale === null) return EN_US_NUMBERS;
  return cultures.resolve(locale);
}

function layout(parts: Intl.NumberFormatPart[], symbolTypes: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (['integer', 'group', 'decimal', 'fraction'].includes(part.type)) {
      if (!out.endsWith(N)) out += N;
    } else if (symbolTypes.includes(part.type)) out += S;
    else if (part.type === 'minusSign') out += M;
    // .NET's currency and percent patterns only ever separate with a plain space.
    else out += part.value.replace(/[\u00A0\u202F]/g, ' ');
  }
  return out;
}

function deriveNumberCulture(locale: string): NumberCulture {
  const plain = new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 1 });
  const parts = plain.formatToParts(1234567890.5);
  const integers = parts.filter((p) => p.type === 'integer').map((p) => p.value.length).reverse();
  const groupSizes = integers.length > 1 ? integers.slice(0, -1) : [3];
  const region = new Intl.Locale(locale).maximize().region ?? '';
  const currency = REGION_CURRENCY[region];
  let currencySymbol = '¤';
  let currencyDecimalDigits = 2;
  let currencyPositive = `${S}${N}`;
  let currencyNegative = `${M}${S}${N}`;
  if (currency) {
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const positive = money.formatToParts(1);
    currencySymbol = positive.find((p) => p.type === 'currency')?.value ?? currencySymbol;
    currencyDecimalDigits = money.resolvedOptions().minimumFractionDigits ?? 2;
    currencyPositive = layout(positive, ['currency']);
    currencyNegative = layout(money.formatToParts(-1), ['currency']);
  }
  const percent = new Intl.NumberFormat(locale, { style: 'percent' });
  const percentParts = percent.formatToParts(0.5);
  return {
    name: locale.toLowerCase(),
    decimalSeparator: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    groupSeparator: parts.find((p) => p.type === 'group')?.value ?? ',',
    groupSizes: groupSizes.length > 0 ? groupSizes.slice(0, 2) : [3],
    negativeSign: plain.formatToParts(-1).find((p) => p.type === 'minusSign')?.value ?? '-',
    percentSymbol: percentParts.find((p) => p.type === 'percentSign')?.value ?? '%',
    perMilleSymbol: '‰',
    currencySymbol,
    currencyDecimalDigits,
    numberDecimalDigits: 2,
    percentDecimalDigits: 2,
    currencyPositive,
    currencyNegative,
    percentPositive: layout(percentParts, ['percentSign']),
    percentNegative: layout(percent.formatToParts(-0.5), ['percentSign']),
    nanSymbol: 'NaN',
    positiveInfinity: '∞',
    negativeInfinity: '-∞',
  };
}
