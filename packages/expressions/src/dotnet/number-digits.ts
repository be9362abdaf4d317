/**
 * A number as .NET's formatting code sees it (NumberBuffer): a sign, a string of significant
 * decimal digits without trailing zeros, and a scale, so value = 0.DIGITS × 10^scale. Doubles are
 * expanded exactly (every double is a finite decimal), then rounded half away from zero.
 */

export interface DecimalDigits {
  negative: boolean;
  /** Significant digits, no leading or trailing zeros; '' for zero. */
  digits: string;
  scale: number;
  /** True for Double values (which keep a negative zero), false for Int64 ones. */
  floating: boolean;
}

function normalized(negative: boolean, raw: string, scale: number, floating: boolean): DecimalDigits {
  const lead = raw.length - raw.replace(/^0+/, '').length;
  const digits = raw.slice(lead).replace(/0+$/, '');
  return { negative, digits, scale: digits === '' ? 0 : scale - lead, floating };
}

/** The exact decimal expansion of a finite double. */
export function exactDigits(value: number, floating: boolean): DecimalDigits {
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  if (abs === 0) return { negative: floating && negative, digits: '', scale: 0, floating };
  if (Number.isInteger(abs)) {
    const text = BigInt(abs).toString();
    return normalized(negative, text, text.length, floating);
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  // abs = mantissa × 2^exponent with exponent < 0 here: = mantissa × 5^-exponent / 10^-exponent.
  const text = (mantissa * 5n ** BigInt(-exponent)).toString();
  return normalized(negative, text, text.length + exponent, floating);
}

/** The shortest digits that read back as the same double (what .NET Core's "R" and "G" print). */
export function shortestDigits(value: number): DecimalDigits {
  const negative = value < 0 || Object.is(value, -0);
  if (value === 0) return { negative, digits: '', scale: 0, floating: true };
  const [mantissa, exp] = Math.abs(value).toExponential().split('e');
  const raw = mantissa.replace('.', '');
  return normalized(negative, raw, Number(exp) + 1, true);
}

/** Keeps the first `keep` digits, rounding half away from zero (NumberBuffer RoundNumber). */
export function roundDigits(number: DecimalDigits, keep: number): DecimalDigits {
  const { digits } = number;
  if (keep >= digits.length) return number;
  if (keep < 0 || (keep === 0 && digits.charCodeAt(0) < 53)) {
    return { ...number, negative: number.floating && number.negative, digits: '', scale: 0 };
  }
  if (digits.charCodeAt(keep) < 53 /* '5' */) return normalized(number.negative, digits.slice(0, keep), number.scale, number.floating);
  const head = digits.slice(0, keep);
  let i = head.length - 1;
  while (i >= 0 && head[i] === '9') i--;
  if (i < 0) return normalized(number.negative, '1', number.scale + 1, number.floating);
  const bumped = head.slice(0, i) + String.fromCharCode(head.charCodeAt(i) + 1);
  return normalized(number.negative, bumped, number.scale, number.floating);
}

/** Rounds to `significant` digits (the 15-digit pass .NET applies before custom formats). */
export function roundSignificant(number: DecimalDigits, significant: number): DecimalDigits {
  return roundDigits(number, significant);
}
