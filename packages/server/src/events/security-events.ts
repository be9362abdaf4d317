import type { Alert } from '../alerts/alert-schema.ts';
import type { Assessment } from '../assessments/assessment-schema.ts';
import type { Incident, IncidentComment, IncidentTask } from '../incidents/incident-schema.ts';

/**
 * One changed property. For collections (comments, tasks, labels, entities) `before` and `after`
 * are the whole collection and `added` lists what was added. For `alerts` (an incident may hold
 * thousands) only `added` is set: the ids of the alerts that joined.
 */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  added?: unknown[];
}

/** Everything the security domain announces after a change is committed. */
export type SecurityEvent =
  | { type: 'alert.created'; alert: Alert; actor: string }
  | { type: 'alert.updated'; alert: Alert; before: Alert; changes: FieldChange[]; actor: string }
  /** The alert as it was; it was deleted with its incident (see incidents/delete-incident.ts). */
  | { type: 'alert.deleted'; alert: Alert; actor: string }
  | { type: 'incident.created'; incident: Incident; actor: string }
  | { type: 'incident.updated'; incident: Incident; before: Incident; changes: FieldChange[]; actor: string }
  /** The incident as it was, and the ids of the alerts deleted with it (each also has its `alert.deleted`). */
  | { type: 'incident.deleted'; incident: Incident; alertIds: string[]; actor: string }
  | { type: 'incident.comment.created'; incident: Incident; comment: IncidentComment; actor: string }
  | { type: 'incident.task.created'; incident: Incident; task: IncidentTask; actor: string }
  | { type: 'incident.task.updated'; incident: Incident; task: IncidentTask; before: IncidentTask; actor: string }
  | { type: 'assessment.created'; assessment: Assessment; actor: string }
  | { type: 'assessment.updated'; assessment: Assessment; before: Assessment; changes: FieldChange[]; actor: string };

export type SecurityEventType = SecurityEvent['type'];
export type SecurityEventOf<T extends SecurityEventType> = Extract<SecurityEvent, { type: T }>;
