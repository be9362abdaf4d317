/**
 * How a value becomes text inside `@{…}`: the same rule as string() (functions/coerce.ts), so
 * `"@{x}"` and `"@string(x)"` always agree — strings as they are, null as the empty string,
 * booleans as .NET prints them ('True'/'False'), numbers in .NET round-trip form, binary content
 * as its UTF-8 text, arrays and objects as compact JSON. (coerce.ts owns the rule and must not
 * import this file.)
 */
import { toText } from './functions/coerce.ts';

export function interpolationText(value: unknown): string {
  return typeof value === 'string' ? value : toText(value);
}
