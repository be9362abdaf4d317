import type { Alert } from '../api/types.ts';
import { SeverityBadge } from './severity-badge.tsx';
import { shortTime } from '../format/short-time.ts';

/** The alerts grouped into an incident. */
export function AlertList({ alerts }: { alerts: Alert[] }) {
  return (
    <div className="card">
      <h3>Alerts ({alerts.length})</h3>
      <table>
        <thead>
          <tr>
            <th>Title</th>
            <th>Severity</th>
            <th>Status</th>
            <th>Source</th>
            <th>Techniques</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <td>{a.title}</td>
              <td>
                <SeverityBadge severity={a.severity} />
              </td>
              <td>{a.status}</td>
              <td>{a.serviceSource}</td>
              <td>{(a.mitreTechniques ?? []).join(', ')}</td>
              <td className="muted">{shortTime(a.createdDateTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
