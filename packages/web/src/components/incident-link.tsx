import { routeHref } from '../console-route.ts';

/** A link to an incident by its id (the incident page takes its id as well as its number), shortened unless `label` says better. */
export function IncidentLink({ incidentId, label }: { incidentId: string | null | undefined; label?: string }) {
  if (!incidentId) return <span className="muted">none</span>;
  return (
    <a href={routeHref({ page: 'incident', id: incidentId })} title={incidentId}>
      {label ?? (incidentId.length > 12 ? `${incidentId.slice(0, 8)}…` : incidentId)}
    </a>
  );
}
