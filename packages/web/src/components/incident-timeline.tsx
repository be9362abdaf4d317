import type { ConsoleApiError } from '../api/client.ts';
import type { TimelineEntry } from '../api/types.ts';
import { ErrorBanner } from './error-banner.tsx';
import { shortTime } from './short-time.tsx';

const show = (value: unknown) => {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

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
              <td className="muted">{shortTime(entry.at)}</td>
              <td>{entry.actor}</td>
              <td>
                {entry.action}
                {entry.field ? ` ${entry.field}` : ''}
              </td>
              <td>{entry.field ? `${show(entry.before)} → ${show(entry.after)}` : show(entry.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
