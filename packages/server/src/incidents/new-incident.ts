import type { Incident, IncidentOwner, IncidentRoles } from './incident-schema.ts';
import type { SlaPolicy } from './sla.ts';
import { startSla } from './sla.ts';

/** The owner of an incident nobody owns. */
export const noOwner: IncidentOwner = Object.freeze({ objectId: null, email: null, assignedTo: null, userPrincipalName: null });

/** The response roles of an incident nobody holds yet. */
export const noRoles: IncidentRoles = Object.freeze({ lead: null, technical: null, legal: null, communications: null });

/** What tells one new incident from another; the rest starts the same for all. */
export type NewIncidentFields = Pick<
  Incident,
  'id' | 'title' | 'description' | 'severity' | 'firstActivityTimeUtc' | 'lastActivityTimeUtc' | 'relatedAnalyticRuleIds' | 'tactics' | 'alertProductNames' | 'entities'
>;

/**
 * A new incident, whatever opened it (its first alert, an analyst, a playbook): New, unowned,
 * unlabelled, unclassified, in phase Investigation with no roles, scope or objective, its SLA clock
 * started now. The store assigns its number.
 */
export function newIncident(fields: NewIncidentFields, now: string, sla: SlaPolicy): Omit<Incident, 'number' | 'providerIncidentId'> {
  return {
    ...fields,
    status: 'New',
    owner: { ...noOwner },
    labels: [],
    classification: null,
    classificationReason: null,
    classificationComment: null,
    createdTimeUtc: now,
    lastModifiedTimeUtc: now,
    providerName: 'Riposte',
    phase: 'Investigation',
    roles: { ...noRoles },
    scope: [],
    objective: null,
    sla: startSla(now, fields.severity, sla),
  };
}
