import type { Alert } from '../alerts/alert-schema.ts';
import type { IncidentComment, IncidentTask } from '../incidents/incident-schema.ts';
import type { IncidentRelations } from './security-store.ts';

/** Rows of one related kind, each tagged with its incident, in the order the incident shows them. */
export interface RelatedRows {
  alerts: Array<{ incidentId: string; doc: Alert }>;
  alertCounts: Array<{ incidentId: string; n: number }>;
  comments: Array<{ incidentId: string; doc: IncidentComment }>;
  tasks: Array<{ incidentId: string; doc: IncidentTask }>;
}

/** Distributes the rows the adapters read for a page of incidents; every id gets an entry. */
export function groupIncidentRelations(incidentIds: readonly string[], rows: RelatedRows): Map<string, IncidentRelations> {
  const out = new Map<string, IncidentRelations>();
  for (const id of incidentIds) out.set(id, { alerts: [], alertCount: 0, comments: [], tasks: [] });
  for (const r of rows.alerts) out.get(r.incidentId)?.alerts.push(r.doc);
  for (const r of rows.alertCounts) {
    const relations = out.get(r.incidentId);
    if (relations) relations.alertCount = r.n;
  }
  for (const r of rows.comments) out.get(r.incidentId)?.comments.push(r.doc);
  for (const r of rows.tasks) out.get(r.incidentId)?.tasks.push(r.doc);
  return out;
}
