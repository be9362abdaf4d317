import { useState } from 'react';
import type { RiposteClient } from '../api/client.ts';
import { alertSeverities, alertStatuses } from '../api/types.ts';
import { AlertDetail } from '../components/alert-detail.tsx';
import { ChoiceSelect } from '../components/choice-select.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { IncidentLink } from '../components/incident-link.tsx';
import { SeverityBadge } from '../components/severity-badge.tsx';
import { routeHref } from '../console-route.ts';
import { alertSource } from '../format/alert-source.ts';
import { shortTime } from '../format/short-time.ts';
import { useLoad } from '../use-load.tsx';
import { PageToolbar } from '../components/page-toolbar.tsx';

const pageSize = 50;

/** The alert queue, newest first, filtered by status and severity and read a page at a time; choosing an alert opens it below. */
export function AlertQueue({ client, alertId }: { client: RiposteClient; alertId?: string }) {
  const [status, setStatus] = useState('');
  const [severity, setSeverity] = useState('');
  const [skip, setSkip] = useState(0);
  const alerts = useLoad(() => client.listAlerts({ status, severity, top: pageSize, skip }), [client, status, severity, skip]);
  const rows = alerts.data?.value ?? [];
  const count = alerts.data?.count;
  // A filter changed: start again at the first page.
  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setSkip(0);
  };

  return (
    <section>
      <PageToolbar title="Alerts" onRefresh={alerts.reload}>
        <ChoiceSelect label="Status" name="status" value={status} choices={alertStatuses} empty="Any" onChange={filter(setStatus)} />
        <ChoiceSelect label="Severity" name="severity" value={severity} choices={alertSeverities} empty="Any" onChange={filter(setSeverity)} />
      </PageToolbar>
      <ErrorBanner error={alerts.error} />
      {alerts.error?.status === 403 && <p className="muted">Reading alerts needs the alerts.read permission.</p>}
      <table className="alert-queue">
        <thead>
          <tr>
            <th>Created</th>
            <th>Title</th>
            <th>Severity</th>
            <th>Status</th>
            <th>Source</th>
            <th>Category</th>
            <th>Techniques</th>
            <th>Incident</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((alert) => (
            <tr key={alert.id} data-alert={alert.id} className={alert.id === alertId ? 'selected' : undefined}>
              <td className="muted nowrap">{shortTime(alert.createdDateTime)}</td>
              <td>
                <a href={routeHref({ page: 'alerts', alertId: alert.id })}>{alert.title}</a>
              </td>
              <td>
                <SeverityBadge severity={alert.severity} />
              </td>
              <td>{alert.status}</td>
              <td>{alertSource(alert)}</td>
              <td>{alert.category}</td>
              <td>{(alert.mitreTechniques ?? []).join(', ')}</td>
              <td>
                <IncidentLink incidentId={alert.incidentId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!alerts.loading && !alerts.error && rows.length === 0 && <p className="muted">No alerts match.</p>}
      <div className="form-actions paging">
        <button type="button" className="secondary" disabled={skip === 0 || alerts.loading} onClick={() => setSkip(Math.max(0, skip - pageSize))}>
          Previous
        </button>
        <button type="button" className="secondary" disabled={!alerts.data?.nextLink || alerts.loading} onClick={() => setSkip(skip + pageSize)}>
          Next
        </button>
        {count !== undefined && (
          <span className="muted paging-count">
            {rows.length ? `${skip + 1}–${skip + rows.length} of ${count}` : `${count} in all`}
          </span>
        )}
      </div>
      {alertId && <AlertDetail key={alertId} client={client} id={alertId} onChanged={alerts.reload} />}
    </section>
  );
}
