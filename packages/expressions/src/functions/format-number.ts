/**
 * formatNumber(number, format, locale?): number.ToString(format, culture) with .NET's standard
 * and custom numeric format strings. en-US is the default culture; other cultures take their
 * separators, currency and percent layout from the platform's ICU data (../dotnet/number-culture.ts).
 */
import { expectNumber, expectString } from './args.ts';
import type { FunctionRegistry } from './registry.ts';
import { resolveNumberCulture } from '../dotnet/number-culture.ts';
import { formatNumberValue } from '../dotnet/number-format.ts';

/** Registers formatNumber on `registry`. */
export function registerFormatNumberFunctions(registry: FunctionRegistry): void {
  registry.register({
    name: 'formatNumber',
    minArgs: 2,
    maxArgs: 3,
    pure: true,
    fn: ([value, format, locale]) => {
      const number = expectNumber('formatNumber', 0, value);
      const pattern = expectString('formatNumber', 1, format);
      const culture = resolveNumberCulture(
        locale === undefined || locale === null ? undefined : expectString('formatNumber', 2, locale),
      );
      return formatNumberValue(number, pattern, culture);
    },
  });
}
