/**
 * Response-process records on an incident's timeline (approval asked/answered, notification sent,
 * change request moved, escalation): one timeline entry and one audit entry, in one transaction.
 */
import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp } from '../common/timestamp.ts';

export interface TimelineNote {
  incidentId: string;
  /** Timeline action, e.g. "notificationSent", "approvalAnswered". */
  action: string;
  actor: string;
  /** What the note is about, e.g. "approvals/<id>" (the timeline's field). */
  field: string;
  before?: unknown;
  after: unknown;
  /** Audit entity type and id; defaults to the incident. */
  entityType?: string;
  entityId?: string;
}

/** Appends a note to the incident's timeline and the audit log; a vanished incident is skipped. */
export async function noteOnTimeline(ctx: SecurityContext, note: TimelineNote): Promise<void> {
  const at = formatTimestamp(ctx.clock());
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.getIncident(note.incidentId))) return;
    await tx.appendTimeline([
      { id: ctx.newId(), incidentId: note.incidentId, at, actor: note.actor, action: note.action, field: note.field, before: note.before ?? null, after: note.after },
    ]);
    await tx.appendAudit([
      auditEntry({ newId: ctx.newId, at }, note.actor, note.entityType ?? 'incident', note.entityId ?? note.incidentId, note.action, note.before ?? null, note.after),
    ]);
  });
}
