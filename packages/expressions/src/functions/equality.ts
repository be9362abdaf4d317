/**
 * Value equality as Logic Apps' equals() applies it, shared by every function that compares
 * values (contains, union, intersection, ...):
 * - numbers compare by value, so 1 equals 1.0;
 * - a boolean equals the number 1 (true) or 0 (false), as the reference's equals(true, 1) shows;
 * - strings compare exactly (case-sensitive); a string never equals a number or boolean;
 * - arrays compare item by item in order; objects by their set of keys and each value;
 * - null (and a missing value) equals only null.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' || ta === 'boolean') {
    if (tb !== 'number' && tb !== 'boolean') return false;
    return Number(a) === Number(b);
  }
  if (ta !== 'object' || tb !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(rb, key) || !valuesEqual(ra[key], rb[key])) return false;
  }
  return true;
}
