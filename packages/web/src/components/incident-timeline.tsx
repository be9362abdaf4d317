import type { ConsoleApiError } from '../api/client.ts';
import type { TimelineEntry } from '../api/types.ts';
import { ErrorBanner } from './error-banner.tsx';
import { shortTime } from './short-time.tsx';

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

/** A recorded value in words: comments and tasks by their text, anything else as compact JSON. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return clip(value.map(show).join(', ')) || '—';
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
    if (names.length > 0 && names.length < Object.keys(after).length) return names.map((n) => `${n}: ${show(before[n])} → ${show(after[n])}`).join('; ');
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length > before.length && JSON.stringify(after.slice(0, before.length)) === JSON.stringify(before)) {
    return `+ ${show(after.slice(before.length))}`;
  }
  return `${show(before)} → ${show(after)}`;
}

/** Every change to the incident: when, who, what, from which value to which. */
export function IncidentTimeline({ entries, error }: { entries: TimelineEntry[]; error: ConsoleApiError | undefined }) {
  return (
    <div className="card">
      <h3>Timeline</h3>
      <ErrorBanner error={error} />
      <table className="timeline">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="muted nowrap">{shortTime(entry.at)}</td>
              <td>{entry.actor}</td>
              <td>
                {entry.action}
                {entry.field ? ` ${entry.field}` : ''}
              </td>
              <td>{entry.field ? describeChange(entry.before, entry.after) : show(entry.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
