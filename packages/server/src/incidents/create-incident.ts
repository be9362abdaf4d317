import { z } from 'zod';
import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { Incident } from './incident-schema.ts';
import { incidentPatchSchema } from './incident-schema.ts';
import { patchIncident } from './incident-patch.ts';
import { newIncident } from './new-incident.ts';

/**
 * POST /api/incidents: an incident an analyst (or a playbook) opens by hand, as Sentinel's "Create
 * incident" does. Every field a PATCH may set, with the title required; severity defaults to Medium.
 */
export const incidentCreateSchema = incidentPatchSchema.extend({ title: z.string().min(1).max(1024) }).meta({ id: 'IncidentCreate' });
export type IncidentCreate = z.output<typeof incidentCreateSchema>;

/** The default severity of an incident opened by hand (Sentinel's portal preselects Medium too). */
export const manualIncidentSeverity = 'Medium';

/**
 * Opens an incident with no alerts. The fields beyond the title go through the same rules as a
 * PATCH (closing needs a classification, phase and status stay consistent, an owner or a status
 * past New acknowledges the SLA), so an incident created Closed is as valid as one closed later.
 * Stored with its timeline entry and audit in one transaction; `incident.created` is announced
 * after the commit, so automation rules on created incidents run for it as for any other.
 */
export async function createIncident(ctx: SecurityContext, input: IncidentCreate, actor: string): Promise<Incident> {
  const now = formatTimestamp(ctx.clock());
  const severity = input.severity ?? manualIncidentSeverity;
  const fields = { id: ctx.newId(), title: input.title, description: null, severity, firstActivityTimeUtc: null, lastActivityTimeUtc: null };
  const empty = { relatedAnalyticRuleIds: [], tactics: [], alertProductNames: [], entities: [] };
  // The store assigns number and providerIncidentId on insert; patchIncident reads neither.
  const opened: Incident = { ...newIncident({ ...fields, ...empty }, now, ctx.sla), number: 0, providerIncidentId: '' };
  // Throws the PATCH's own 400s (naming the field) before anything is written.
  const { incident: shaped } = patchIncident(opened, { ...input, title: undefined, severity: undefined }, now);
  const { number: _number, providerIncidentId: _provider, ...record } = { ...shaped, lastModifiedTimeUtc: now };
  const created = await ctx.store.transaction(async (tx) => {
    const incident = await tx.insertIncident(record);
    await tx.appendTimeline([{ id: ctx.newId(), incidentId: incident.id, at: now, actor, action: 'created', field: null, before: null, after: { number: incident.number } }]);
    await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'incident', incident.id, 'create', null, incident)]);
    return incident;
  });
  ctx.events.emit([{ type: 'incident.created', incident: created, actor }]);
  return created;
}
