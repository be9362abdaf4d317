// How the timeline words a change: recorded values are often whole records (a comment, the SLA clock).

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

/** A recorded value in words: comments and tasks by their text, anything else as compact JSON. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return clip(value.map((v) => showValue(v)).join(', ')) || '—';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of ['message', 'title', 'friendlyName', 'labelName', 'assignedTo', 'userPrincipalName']) if (typeof record[name] === 'string') return clip(record[name] as string);
  }
  return clip(JSON.stringify(value));
}

/** What changed between two values; for records (the SLA clock, roles) only the fields that differ. */
export function describeChange(before: unknown, after: unknown): string {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(before) && isRecord(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]));
    if (names.length > 0 && names.length < Object.keys(after).length) return names.map((n) => `${n}: ${showValue(before[n])} → ${showValue(after[n])}`).join('; ');
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length > before.length && JSON.stringify(after.slice(0, before.length)) === JSON.stringify(before)) {
    return `+ ${showValue(after.slice(before.length))}`;
  }
  return `${showValue(before)} → ${showValue(after)}`;
}
