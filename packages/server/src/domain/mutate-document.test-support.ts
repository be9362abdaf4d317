/**
 * Property-test support for the domain parsers: derive near-valid documents from a valid one, so
 * arbitrary input reaches the deep checks instead of failing at the first field.
 */

/** Replaces the value at a random path of a document with an arbitrary one (`path` indexes wrap around). */
export function mutateDocument(document: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || document === null || typeof document !== 'object') return replacement;
  const entries = Object.entries(document as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [key, value] = entries[path[0] % entries.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(document) ? [...document] : { ...(document as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = mutateDocument(value, path.slice(1), replacement);
  return copy;
}
