import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { ConflictError, NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { SecurityEvent } from '../events/security-events.ts';
import { findIncident } from './incident-operations.ts';

/**
 * Deletes an incident as Sentinel's "Incidents - Delete" does, together with its alerts (each alert
 * belongs to exactly one incident, so none is left orphaned), comments, tasks, timeline and
 * correlation keys, in one transaction. Refused (409) when a deletion guard names a reason — e.g.
 * containment changes not yet restored. The audit log keeps each alert as it was (one entry each)
 * and the incident as it was with the ids of its alerts; `alert.deleted` and `incident.deleted` are announced after the commit.
 */
export async function deleteIncident(ctx: SecurityContext, idOrNumber: string, actor: string): Promise<void> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  await ctx.store.transaction(async (tx) => {
    const incident = await findIncident(tx, idOrNumber);
    if (!incident) throw new NotFoundError('incident', idOrNumber);
    const refusals = await ctx.incidentDeletionGuards.refusals(incident, tx);
    if (refusals.length > 0) throw new ConflictError(`incident ${incident.number} cannot be deleted: ${refusals.join('; ')}`);
    const alerts = await tx.listIncidentAlerts(incident.id);
    const alertIds = alerts.map((a) => a.id);
    await tx.deleteIncident(incident.id);
    const ids = { newId: ctx.newId, at: now };
    // Each alert is a change of its own (before → nothing), as its creation and updates were.
    await tx.appendAudit([
      ...alerts.map((alert) => auditEntry(ids, actor, 'alert', alert.id, 'delete', alert, null)),
      auditEntry(ids, actor, 'incident', incident.id, 'delete', { ...incident, alertIds }, null),
    ]);
    for (const alert of alerts) events.push({ type: 'alert.deleted', alert, actor });
    events.push({ type: 'incident.deleted', incident, alertIds, actor });
  });
  ctx.events.emit(events);
}
