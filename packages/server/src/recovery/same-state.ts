/** Resource states compare as JSON values: key order does not matter, undefined equals absent. */
export function sameState(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** A JSON text of a state with object keys sorted, for comparison and display. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value ?? null));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
