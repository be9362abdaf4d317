import type pg from 'pg';
import type { Alert } from '../alerts/alert-schema.ts';
import type { IncidentComment, IncidentTask } from '../incidents/incident-schema.ts';
import { groupIncidentRelations } from './incident-relations.ts';
import type { IncidentRelations } from './security-store.ts';

// One LATERAL read per id walks that incident's (incident_id, created_date_time, id) index newest
// first and stops after `latestAlerts`, so an incident with thousands of alerts costs what one with
// fifty does; order and tie-break are listAlerts' (newest first, later seq first), turned oldest first.
const latestAlertsSql = `
  SELECT a.incident_id AS "incidentId", a.doc
  FROM unnest($1::text[]) AS ids(id)
  CROSS JOIN LATERAL (SELECT incident_id, doc, created_date_time, seq FROM alerts WHERE incident_id = ids.id
                      ORDER BY created_date_time DESC, seq DESC LIMIT $2) a
  ORDER BY a.incident_id, a.created_date_time, a.seq`;
const alertCountsSql = 'SELECT incident_id AS "incidentId", COUNT(*) AS n FROM alerts WHERE incident_id = ANY($1::text[]) GROUP BY incident_id';
const commentsSql = 'SELECT incident_id AS "incidentId", doc FROM incident_comments WHERE incident_id = ANY($1::text[]) ORDER BY incident_id, created_time_utc, seq';
const tasksSql = 'SELECT incident_id AS "incidentId", doc FROM incident_tasks WHERE incident_id = ANY($1::text[]) ORDER BY incident_id, created_time_utc, seq';

/** `SecurityReads.listIncidentRelations` on PostgreSQL: four queries for any number of incidents. */
export async function readPostgresIncidentRelations(
  db: pg.Pool | pg.PoolClient,
  incidentIds: readonly string[],
  latestAlerts: number,
): Promise<Map<string, IncidentRelations>> {
  const unique = [...new Set(incidentIds)];
  if (unique.length === 0) return new Map();
  const [alerts, alertCounts, comments, tasks] = await Promise.all([
    db.query<{ incidentId: string; doc: Alert }>(latestAlertsSql, [unique, latestAlerts]),
    db.query<{ incidentId: string; n: string }>(alertCountsSql, [unique]),
    db.query<{ incidentId: string; doc: IncidentComment }>(commentsSql, [unique]),
    db.query<{ incidentId: string; doc: IncidentTask }>(tasksSql, [unique]),
  ]);
  return groupIncidentRelations(unique, {
    alerts: alerts.rows,
    alertCounts: alertCounts.rows.map((r) => ({ incidentId: r.incidentId, n: Number(r.n) })),
    comments: comments.rows,
    tasks: tasks.rows,
  });
}
