/**
 * .NET custom numeric format strings ("#,##0.00", "0.###E+0", "0%;(0%);zero", ...), following
 * the two-pass algorithm of .NET's NumberToStringFormat: the first pass measures the section
 * (placeholders, decimal point, grouping, scaling commas, %, ‰, exponent) and rounds the number,
 * the second writes it. Every pass is a single left-to-right scan, so no pattern can hang it.
 */
import type { NumberCulture } from './number-culture.ts';
import { type DecimalDigits, roundDigits } from './number-digits.ts';

const MAX_INT = 0x7fffffff;

/** Start index of section 0 (positive), 1 (negative) or 2 (zero); an absent or empty section falls back to 0. */
function findSection(format: string, section: number): number {
  if (section === 0) return 0;
  let src = 0;
  for (;;) {
    if (src >= format.length) return 0;
    const ch = format[src++];
    if (ch === "'" || ch === '"') {
      while (src < format.length && format[src++] !== ch);
    } else if (ch === '\\') {
      if (src < format.length) src++;
    } else if (ch === ';') {
      if (--section !== 0) continue;
      if (src < format.length && format[src] !== ';') return src;
      return 0;
    }
  }
}

function groupBoundaries(sizes: readonly number[], limit: number): Set<number> {
  const out = new Set<number>();
  let total = 0;
  let index = 0;
  let size = sizes[0] ?? 0;
  while (size > 0 && total < limit) {
    total += size;
    out.add(total);
    if (index < sizes.length - 1) size = sizes[++index];
  }
  return out;
}

/** Formats `input` with a custom numeric format in `culture`. */
export function formatCustomNumber(input: DecimalDigits, format: string, culture: NumberCulture): string {
  let number = input;
  let section = findSection(format, number.digits === '' ? 2 : number.negative ? 1 : 0);

  let digitCount = 0;
  let decimalPos = -1;
  let firstDigit = MAX_INT;
  let lastDigit = 0;
  let scientific = false;
  let thousandSeps = false;

  for (let attempt = 0; ; attempt++) {
    digitCount = 0;
    decimalPos = -1;
    firstDigit = MAX_INT;
    lastDigit = 0;
    scientific = false;
    thousandSeps = false;
    let thousandPos = -1;
    let thousandCount = 0;
    let scaleAdjust = 0;
    let src = section;
    while (src < format.length) {
      const ch = format[src++];
      if (ch === ';') break;
      switch (ch) {
        case '#':
          digitCount++;
          break;
        case '0':
          if (firstDigit === MAX_INT) firstDigit = digitCount;
          digitCount++;
          lastDigit = digitCount;
          break;
        case '.':
          if (decimalPos < 0) decimalPos = digitCount;
          break;
        case ',':
          if (digitCount > 0 && decimalPos < 0) {
            if (thousandPos >= 0) {
              if (thousandPos === digitCount) {
                thousandCount++;
                break;
              }
              thousandSeps = true;
            }
            thousandPos = digitCount;
            thousandCount = 1;
          }
          break;
        case '%':
          scaleAdjust += 2;
          break;
        case '‰':
          scaleAdjust += 3;
          break;
        case "'":
        case '"':
          while (src < format.length && format[src++] !== ch);
          break;
        case '\\':
          if (src < format.length) src++;
          break;
        case 'E':
        case 'e':
          if (format[src] === '0' || ((format[src] === '+' || format[src] === '-') && format[src + 1] === '0')) {
            while (++src < format.length && format[src] === '0');
            scientific = true;
          }
          break;
      }
    }
    if (decimalPos < 0) decimalPos = digitCount;
    if (thousandPos >= 0) {
      if (thousandPos === decimalPos) scaleAdjust -= thousandCount * 3;
      else thousandSeps = true;
    }
    if (input.digits !== '') {
      number = { ...input, scale: input.scale + scaleAdjust };
      const keep = scientific ? digitCount : number.scale + digitCount - decimalPos;
      number = roundDigits(number, keep);
      if (number.digits === '' && attempt === 0) {
        const zeroSection = findSection(format, 2);
        if (zeroSection !== section) {
          section = zeroSection;
          continue;
        }
      }
    } else {
      number = { ...input, negative: input.floating && input.negative, scale: 0 };
    }
    break;
  }

  firstDigit = firstDigit < decimalPos ? decimalPos - firstDigit : 0;
  lastDigit = lastDigit > decimalPos ? decimalPos - lastDigit : 0;
  let digPos: number;
  let adjust: number;
  if (scientific) {
    digPos = decimalPos;
    adjust = 0;
  } else {
    digPos = Math.max(number.scale, decimalPos);
    adjust = number.scale - decimalPos;
  }
  const boundaries = thousandSeps
    ? groupBoundaries(culture.groupSizes, Math.max(firstDigit, digPos + (adjust < 0 ? adjust : 0)))
    : new Set<number>();

  const digits = number.digits;
  let di = 0;
  let out = '';
  let decimalWritten = false;
  const writeDigit = (ch: string): void => {
    out += ch;
    if (thousandSeps && digPos > 1 && boundaries.has(digPos - 1)) out += culture.groupSeparator;
  };

  if (number.negative && section === 0 && number.scale !== 0) out += culture.negativeSign;

  let src = section;
  while (src < format.length) {
    const ch = format[src++];
    if (ch === ';') break;
    if (adjust > 0 && (ch === '#' || ch === '0' || ch === '.')) {
      while (adjust > 0) {
        writeDigit(di < digits.length ? digits[di++] : '0');
        digPos--;
        adjust--;
      }
    }
    switch (ch) {
      case '#':
      case '0': {
        let c: string | undefined;
        if (adjust < 0) {
          adjust++;
          c = digPos <= firstDigit ? '0' : undefined;
        } else {
          c = di < digits.length ? digits[di++] : digPos > lastDigit ? '0' : undefined;
        }
        if (c !== undefined) writeDigit(c);
        digPos--;
        break;
      }
      case '.':
        if (digPos !== 0 || decimalWritten) break;
        if (lastDigit < 0 || (decimalPos < digitCount && di < digits.length)) {
          out += culture.decimalSeparator;
          decimalWritten = true;
        }
        break;
      case '‰':
        out += culture.perMilleSymbol;
        break;
      case '%':
        out += culture.percentSymbol;
        break;
      case ',':
        break;
      case "'":
      case '"':
        while (src < format.length && format[src] !== ch) out += format[src++];
        if (src < format.length) src++;
        break;
      case '\\':
        if (src < format.length) out += format[src++];
        break;
      case 'E':
      case 'e': {
        if (!scientific) {
          out += ch;
          if (format[src] === '+' || format[src] === '-') out += format[src++];
          while (format[src] === '0') out += format[src++];
          break;
        }
        let minDigits = 0;
        let positiveSign = false;
        if (format[src] === '0') minDigits++;
        else if (format[src] === '+' && format[src + 1] === '0') positiveSign = true;
        else if (!(format[src] === '-' && format[src + 1] === '0')) {
          out += ch;
          break;
        }
        while (++src < format.length && format[src] === '0') minDigits++;
        const exponent = digits === '' ? 0 : number.scale - decimalPos;
        out += ch;
        if (exponent < 0) out += culture.negativeSign;
        else if (positiveSign) out += '+';
        out += String(Math.abs(exponent)).padStart(Math.min(minDigits, 10), '0');
        scientific = false;
        break;
      }
      default:
        out += ch;
    }
  }
  if (number.negative && section === 0 && number.scale === 0 && out.length > 0) out = culture.negativeSign + out;
  return out;
}
