import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { SecurityEvent } from '../events/security-events.ts';
import type { Alert, AlertPatch } from './alert-schema.ts';
import { alertChanges } from './ingest-alerts.ts';

/** Applies a Graph-style PATCH to an alert (status, classification, determination, assignedTo, comments). */
export async function updateAlert(ctx: SecurityContext, id: string, patch: AlertPatch, actor: string): Promise<Alert> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  const updated = await ctx.store.transaction(async (tx) => {
    const before = await tx.getAlert(id);
    if (!before) throw new NotFoundError('alert', id);
    const next: Alert = { ...before };
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.severity !== undefined) next.severity = patch.severity;
    if (patch.classification !== undefined) next.classification = patch.classification ?? null;
    if (patch.determination !== undefined) next.determination = patch.determination ?? null;
    if (patch.assignedTo !== undefined) next.assignedTo = patch.assignedTo ?? null;
    if (patch.customDetails !== undefined) next.additionalData = { ...(before.additionalData ?? {}), customDetails: patch.customDetails };
    // Graph appends posted comments rather than replacing the list.
    if (patch.comments?.length) {
      next.comments = [
        ...before.comments,
        ...patch.comments.map((c) => ({ ...c, createdByDisplayName: c.createdByDisplayName ?? actor, createdDateTime: c.createdDateTime ?? now })),
      ];
    }
    if (next.status === 'resolved' && before.status !== 'resolved') next.resolvedDateTime = now;
    if (next.status !== 'resolved') next.resolvedDateTime = null;
    const changes = alertChanges(before, next);
    if (changes.length === 0) return before;
    next.lastUpdateDateTime = now;
    await tx.updateAlert(next);
    await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'alert', id, 'update', before, next)]);
    events.push({ type: 'alert.updated', alert: next, before, changes, actor });
    return next;
  });
  ctx.events.emit(events);
  return updated;
}
