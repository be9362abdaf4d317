import { useState } from 'react';
import type { RiposteClient } from '../api/client.ts';
import { incidentSeverities, incidentStatuses } from '../api/types.ts';
import { ChoiceSelect } from '../components/choice-select.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { IncidentCreateForm } from '../components/incident-create-form.tsx';
import { ownerName } from '../components/owner-name.tsx';
import { SeverityBadge } from '../components/severity-badge.tsx';
import { shortTime } from '../format/short-time.ts';
import { SlaState } from '../components/sla-state.tsx';
import { routeHref } from '../console-route.ts';
import { navigateTo } from '../hash-route.tsx';
import { useLoad } from '../use-load.tsx';
import { PageToolbar } from '../components/page-toolbar.tsx';

/** The incident queue, newest first, filtered by status and severity; opens an incident by hand. */
export function IncidentQueue({ client }: { client: RiposteClient }) {
  const [status, setStatus] = useState('');
  const [severity, setSeverity] = useState('');
  const [creating, setCreating] = useState(false);
  const incidents = useLoad(() => client.listIncidents({ status, severity }), [client, status, severity]);
  const rows = incidents.data?.value ?? [];

  return (
    <section>
      <PageToolbar
        title="Incidents"
        onRefresh={incidents.reload}
        actions={
          <button type="button" onClick={() => setCreating(true)} disabled={creating}>
            New incident
          </button>
        }
      >
        <ChoiceSelect label="Status" name="status" value={status} choices={incidentStatuses} empty="Any" onChange={setStatus} />
        <ChoiceSelect label="Severity" name="severity" value={severity} choices={incidentSeverities} empty="Any" onChange={setSeverity} />
      </PageToolbar>
      {creating && (
        <IncidentCreateForm
          onCreate={async (body) => {
            const created = await client.createIncident(body);
            navigateTo({ page: 'incident', id: String(created.number) });
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <ErrorBanner error={incidents.error} />
      <table className="incident-queue">
        <thead>
          <tr>
            <th>#</th>
            <th>Title</th>
            <th>Severity</th>
            <th>Status</th>
            <th>Owner</th>
            <th>Phase</th>
            <th>SLA</th>
            <th>Last activity</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((incident) => (
            <tr key={incident.id} data-incident={incident.number}>
              <td>{incident.number}</td>
              <td>
                <a href={routeHref({ page: 'incident', id: String(incident.number) })}>{incident.title}</a>
              </td>
              <td>
                <SeverityBadge severity={incident.severity} />
              </td>
              <td>{incident.status}</td>
              <td>{ownerName(incident.owner) || <span className="muted">unassigned</span>}</td>
              <td>{incident.phase}</td>
              <td>
                <SlaState sla={incident.sla} />
              </td>
              <td className="muted">{shortTime(incident.lastActivityTimeUtc ?? incident.lastModifiedTimeUtc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!incidents.loading && !incidents.error && rows.length === 0 && <p className="muted">No incidents match.</p>}
      {incidents.data?.count !== undefined && <p className="muted">{incidents.data.count} in all</p>}
    </section>
  );
}
