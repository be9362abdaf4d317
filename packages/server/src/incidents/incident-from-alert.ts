import type { Alert, AlertSeverity } from '../alerts/alert-schema.ts';
import { alertActivityTime } from '../alerts/alert-intake.ts';
import type { FieldChange } from '../events/security-events.ts';
import { mergeEntities } from './entities.ts';
import type { Incident, IncidentEntity, IncidentSeverity } from './incident-schema.ts';
import { incidentSeverityRank } from './incident-schema.ts';
import { newIncident } from './new-incident.ts';
import type { SlaPolicy } from './sla.ts';

const severityOfAlert: Record<AlertSeverity, IncidentSeverity> = {
  unknown: 'Informational',
  unknownFutureValue: 'Informational',
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** The incident severity an alert's severity maps to. */
export function incidentSeverityOf(alert: Pick<Alert, 'severity'>): IncidentSeverity {
  return severityOfAlert[alert.severity];
}

const minTime = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const maxTime = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const union = (a: readonly string[], b: readonly (string | null | undefined)[]) => [...new Set([...a, ...b.filter((x): x is string => !!x)])];
const sameList = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** A new incident opened by its first alert (the store assigns its number). */
export function incidentFromAlert(
  alert: Alert,
  entities: IncidentEntity[],
  ids: { id: string; now: string },
  sla: SlaPolicy,
): Omit<Incident, 'number' | 'providerIncidentId'> {
  return newIncident(
    {
      id: ids.id,
      title: alert.title,
      description: alert.description,
      severity: incidentSeverityOf(alert),
      firstActivityTimeUtc: alert.firstActivityDateTime ?? alertActivityTime(alert),
      lastActivityTimeUtc: alertActivityTime(alert),
      relatedAnalyticRuleIds: alert.detectorId ? [alert.detectorId] : [],
      tactics: alert.category ? [alert.category] : [],
      alertProductNames: alert.serviceSource ? [alert.serviceSource] : [],
      entities,
    },
    ids.now,
    sla,
  );
}

/**
 * Folds an alert into an incident it correlates with: severity rises to the higher of the two,
 * entities and analytic rules are added, activity times widen. Returns the changed fields.
 */
export function applyAlertToIncident(
  incident: Incident,
  alert: Alert,
  entities: IncidentEntity[],
  /** The alert joins the incident now (rather than being an update of one of its alerts). */
  newMember: boolean,
  now: string,
): { incident: Incident; changes: FieldChange[] } {
  const next: Incident = { ...incident };
  const alertSeverity = incidentSeverityOf(alert);
  if (incidentSeverityRank[alertSeverity] > incidentSeverityRank[incident.severity]) next.severity = alertSeverity;
  next.entities = mergeEntities(incident.entities, entities);
  next.firstActivityTimeUtc = minTime(incident.firstActivityTimeUtc, alert.firstActivityDateTime ?? alertActivityTime(alert));
  next.lastActivityTimeUtc = maxTime(incident.lastActivityTimeUtc, alertActivityTime(alert));
  next.relatedAnalyticRuleIds = union(incident.relatedAnalyticRuleIds, [alert.detectorId]);
  next.tactics = union(incident.tactics, [alert.category]);
  next.alertProductNames = union(incident.alertProductNames, [alert.serviceSource]);

  const changes: FieldChange[] = [];
  // Compared as JSON would, without serializing: strings (or null) and lists of strings.
  for (const field of ['severity', 'firstActivityTimeUtc', 'lastActivityTimeUtc'] as const) {
    if (incident[field] !== next[field]) changes.push({ field, before: incident[field], after: next[field] });
  }
  for (const field of ['relatedAnalyticRuleIds', 'tactics', 'alertProductNames'] as const) {
    if (!sameList(incident[field], next[field])) changes.push({ field, before: incident[field], after: next[field] });
  }
  if (next.entities.length !== incident.entities.length) {
    changes.push({ field: 'entities', before: incident.entities, after: next.entities, added: next.entities.slice(incident.entities.length) });
  }
  if (newMember) changes.push({ field: 'alerts', before: null, after: null, added: [alert.id] });
  if (changes.length > 0) next.lastModifiedTimeUtc = now;
  return { incident: next, changes };
}
