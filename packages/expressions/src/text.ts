/**
 * How a value becomes text inside `@{…}`: strings as they are, null as the empty string,
 * booleans as .NET prints them ('True'/'False'), numbers in their shortest form, arrays and
 * objects as compact JSON. Function authors use the same rule for string().
 */
export function interpolationText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'undefined':
      return '';
    default:
      return value === null ? '' : JSON.stringify(value);
  }
}

/** .NET prints large and tiny doubles with an upper-case exponent ('1E+21'); JS uses 'e'. */
function numberText(value: number): string {
  const text = String(value);
  return text.includes('e') ? text.replace('e', 'E') : text;
}
