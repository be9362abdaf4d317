/**
 * Locale arguments of formatDateTime, parseDateTime and formatNumber: a name is checked and
 * canonicalized once, and the culture derived for it is remembered under both the spelling given
 * and the canonical one.
 */
import { ExpressionError } from '../errors.ts';

/** The canonical BCP 47 name for a culture argument, or an ExpressionError naming it. */
export function canonicalLocale(locale: string): string {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0];
  } catch {
    canonical = undefined;
  }
  if (!canonical || Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 0) {
    throw new ExpressionError('InvalidArgument', `The provided locale '${locale}' is not valid or has no associated culture.`);
  }
  return canonical;
}

/** Cultures by lower-case locale name: the written-out ones given up front, others derived on first use. */
export class CultureCache<C> {
  private readonly cultures: Map<string, C>;

  constructor(
    known: ReadonlyArray<readonly [string, C]>,
    private readonly derive: (canonical: string) => C,
  ) {
    this.cultures = new Map(known);
  }

  /** The culture for a locale name in any case; ExpressionError when the name is no known culture. */
  resolve(locale: string): C {
    const key = locale.trim().toLowerCase();
    const hit = this.cultures.get(key);
    if (hit) return hit;
    const canonical = canonicalLocale(locale.trim());
    const culture = this.cultures.get(canonical.toLowerCase()) ?? this.derive(canonical);
    this.cultures.set(key, culture);
    this.cultures.set(canonical.toLowerCase(), culture);
    return culture;
  }
}
