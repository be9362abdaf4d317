import type Database from 'better-sqlite3';
import type { Alert } from '../alerts/alert-schema.ts';
import { groupIncidentRelations } from './incident-relations.ts';
import type { IncidentRelations } from './security-store.ts';

// The ids travel as one JSON array parameter: the SQL text (and its cached statement) is the same
// for any page size, and no page comes near SQLite's limit on bound parameters.
const ids = 'SELECT value FROM json_each(?)';

// Per incident, its latest alerts as listAlerts picks them (newest first, later insertion first):
// the subquery walks that incident's (incident_id, created_date_time, id) index backwards and stops
// after `latestAlerts`, so an incident with thousands of alerts costs what one with fifty does. The
// rows come in rowid order and are put oldest first in JS, so the docs are never sorted in SQL.
const latestAlertsSql = `
  SELECT ids.value AS incidentId, a.created_date_time AS createdAt, a.rowid AS row, a.doc AS doc
  FROM json_each(?) AS ids
  JOIN alerts a ON a.rowid IN (SELECT rowid FROM alerts WHERE incident_id = ids.value ORDER BY created_date_time DESC, rowid DESC LIMIT ?)`;
const alertCountsSql = `SELECT incident_id AS incidentId, COUNT(*) AS n FROM alerts WHERE incident_id IN (${ids}) GROUP BY incident_id`;
const commentsSql = `SELECT incident_id AS incidentId, doc FROM incident_comments WHERE incident_id IN (${ids}) ORDER BY incident_id, created_time_utc, rowid`;
const tasksSql = `SELECT incident_id AS incidentId, doc FROM incident_tasks WHERE incident_id IN (${ids}) ORDER BY incident_id, created_time_utc, rowid`;

type DocRow = { incidentId: string; doc: string };
const parsed = <T>(rows: unknown[]) => (rows as DocRow[]).map((r) => ({ incidentId: r.incidentId, doc: JSON.parse(r.doc) as T }));

type AlertRow = DocRow & { createdAt: string; row: number };

/** The alerts oldest first: created_date_time (NOT NULL, ASCII: JS and SQLite compare it alike), then insertion. */
function oldestFirst(rows: AlertRow[]): Array<{ incidentId: string; doc: Alert }> {
  rows.sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.row - y.row));
  return parsed<Alert>(rows);
}

/** `SecurityReads.listIncidentRelations` on SQLite: four statements for any number of incidents. */
export function readSqliteIncidentRelations(
  statement: (sql: string) => Database.Statement,
  incidentIds: readonly string[],
  latestAlerts: number,
): Map<string, IncidentRelations> {
  const unique = [...new Set(incidentIds)];
  if (unique.length === 0) return new Map();
  const idsJson = JSON.stringify(unique);
  return groupIncidentRelations(unique, {
    alerts: oldestFirst(statement(latestAlertsSql).all(idsJson, latestAlerts) as AlertRow[]),
    alertCounts: statement(alertCountsSql).all(idsJson) as Array<{ incidentId: string; n: number }>,
    comments: parsed(statement(commentsSql).all(idsJson)),
    tasks: parsed(statement(tasksSql).all(idsJson)),
  });
}
