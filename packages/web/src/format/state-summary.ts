// How the recovery card words a resource state: a connector's read is a record (an LDAP user, a
// group membership, an indicator) that analysts scan for a few fields, not a wall of JSON.

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRedacted = (v: unknown) => isRecord(v) && v.$redacted === true;

/** One value in words: scalars as they are, null as "—", lists of scalars joined, anything deeper counted. */
export function stateValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (isRedacted(value)) return 'redacted';
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every((v) => v === null || typeof v !== 'object')) return clip(value.map(stateValue).join(', '));
    return `${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (isRecord(value)) return `${Object.keys(value).length} field${Object.keys(value).length === 1 ? '' : 's'}`;
  return clip(String(value));
}

/**
 * A state as "field: value" lines, nested records named by their path (`lock.pwdAccountLockedTime`),
 * at most `limit` lines (`more` counts the rest). A state that is not a record is one line; null
 * (the resource did not exist) is the line "none (did not exist)".
 */
export function stateLines(state: unknown, limit = 6): { lines: string[]; more: number } {
  if (state === null || state === undefined) return { lines: ['none (did not exist)'], more: 0 };
  if (!isRecord(state) || isRedacted(state)) return { lines: [stateValue(state)], more: 0 };
  const lines: string[] = [];
  const walk = (record: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [name, value] of Object.entries(record)) {
      const path = clip(`${prefix}${name}`, 60);
      if (isRecord(value) && !isRedacted(value) && depth < 2 && Object.keys(value).length > 0) walk(value, `${path}.`, depth + 1);
      else lines.push(`${path}: ${stateValue(value)}`);
    }
  };
  walk(state, '', 0);
  if (lines.length === 0) return { lines: ['no fields'], more: 0 };
  return { lines: lines.slice(0, limit), more: Math.max(0, lines.length - limit) };
}

/** The lines of `after` whose value differs from `before`, so the card leads with what the change did. */
export function changedFirst(before: unknown, after: unknown): string[] {
  const all = (s: unknown) => stateLines(s, Number.MAX_SAFE_INTEGER).lines;
  const was = new Set(all(before));
  const now = all(after);
  return [...now.filter((l) => !was.has(l)), ...now.filter((l) => was.has(l))];
}
