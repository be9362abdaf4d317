// How the timeline words a change: recorded values are often whole records (a comment, the SLA clock).
import { commentText } from './comment-html.ts';

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// The fields that name a recorded record (a task's title, a label…); a comment's message is HTML, worded by commentText.
const textFields = ['title', 'friendlyName', 'labelName', 'assignedTo', 'userPrincipalName'];

/** A recorded value in words: comments (HTML stripped) and tasks by their text, anything else as compact JSON. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return clip(value.map((v) => showValue(v)).join(', ')) || '—';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.message === 'string') return clip(commentText(record.message));
    for (const name of textFields) if (typeof record[name] === 'string') return clip(record[name] as string);
  }
  return clip(JSON.stringify(value));
}

/** What changed between two values; for records (the SLA clock, roles) only the fields that differ. */
export function describeChange(before: unknown, after: unknown): string {
  if (isRecord(before) && isRecord(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]));
    if (names.length > 0 && names.length < Object.keys(after).length) return names.map((n) => `${n}: ${showValue(before[n])} → ${showValue(after[n])}`).join('; ');
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length > before.length && JSON.stringify(after.slice(0, before.length)) === JSON.stringify(before)) {
    return `+ ${showValue(after.slice(before.length))}`;
  }
  return `${showValue(before)} → ${showValue(after)}`;
}

/** The "Change" cell of a timeline entry: a field's change, or what the entry records ("created": its number and alert). */
export function describeEntry(entry: { action: string; field: string | null; before: unknown; after: unknown }): string {
  if (entry.field) return describeChange(entry.before, entry.after);
  const after = entry.after;
  if (!isRecord(after)) return showValue(after);
  if (entry.action === 'created' && typeof after.number === 'number') {
    return clip(typeof after.alertId === 'string' ? `#${after.number} from alert ${after.alertId}` : `#${after.number}`);
  }
  if (textFields.some((name) => typeof after[name] === 'string') || typeof after.message === 'string') return showValue(after);
  // Any other record: its fields by name rather than as JSON.
  return clip(Object.entries(after).map(([name, value]) => `${name}: ${showValue(value)}`).join(', ')) || '—';
}
