import type { TimelineEntry } from '../api/types.ts';
import { describeEntry } from '../format/change-summary.ts';
import { shortTime } from '../format/short-time.ts';

/** Every change to the incident: when, who, what, from which value to which. */
export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <div className="card">
      <h3>Timeline</h3>
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
              <td>{describeEntry(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
