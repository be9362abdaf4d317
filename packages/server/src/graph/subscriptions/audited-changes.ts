import { timestampMillis } from '../../common/timestamp.ts';
import type { Incident } from '../../incidents/incident-schema.ts';
import type { AuditEntry, SecurityReads } from '../../store/security-store.ts';

/**
 * A change to an alert or incident as the audit log records it, in the terms of a change
 * notification. A deleted incident comes with itself as it was (the audit entry keeps it); a deleted
 * alert with its id only (its incident's entry lists the ids, not the alerts).
 */
export type AuditedChange =
  | { kind: 'alert' | 'incident'; changeType: 'created' | 'updated' | 'deleted'; id: string }
  | { kind: 'incident'; changeType: 'deleted'; id: string; before: Incident; alertIds: string[] };

const idsCreated = (after: Record<string, unknown>): string[] =>
  Array.isArray(after.created) ? after.created.flatMap((c: unknown) => (typeof (c as { id?: unknown })?.id === 'string' ? [(c as { id: string }).id] : [])) : [];

/**
 * What one audit entry says changed, for each change the security domain also announces as an event:
 * alerts created by an ingest (one "alertIngest" entry lists them), alerts updated, incidents created,
 * updated or deleted (with their alerts), and comments and tasks (an `updated` of their incident).
 * Other entries — other entities, timeline notes on an incident — give nothing.
 */
export function auditedChanges(entry: Pick<AuditEntry, 'entityType' | 'entityId' | 'action' | 'before' | 'after'>): AuditedChange[] {
  const after = (entry.after && typeof entry.after === 'object' ? entry.after : {}) as Record<string, unknown>;
  const write = entry.action === 'create' || entry.action === 'update';
  switch (entry.entityType) {
    case 'alertIngest':
      return entry.action === 'create' ? idsCreated(after).map((id) => ({ kind: 'alert', changeType: 'created', id })) : [];
    case 'alert':
      return write ? [{ kind: 'alert', changeType: entry.action === 'create' ? 'created' : 'updated', id: entry.entityId }] : [];
    case 'incident':
      if (entry.action === 'delete') return deletion(entry.entityId, entry.before);
      return write ? [{ kind: 'incident', changeType: entry.action === 'create' ? 'created' : 'updated', id: entry.entityId }] : [];
    case 'incident.comment':
    case 'incident.task':
      return write && typeof after.incidentId === 'string' ? [{ kind: 'incident', changeType: 'updated', id: after.incidentId }] : [];
    default:
      return [];
  }
}

// incidents/delete-incident.ts audits the incident as it was, with the ids of the alerts deleted with it.
function deletion(id: string, before: unknown): AuditedChange[] {
  if (!before || typeof before !== 'object') return [];
  const { alertIds, ...incident } = before as Incident & { alertIds?: unknown };
  const alerts = Array.isArray(alertIds) ? alertIds.filter((a): a is string => typeof a === 'string') : [];
  return [
    ...alerts.map((alertId): AuditedChange => ({ kind: 'alert', changeType: 'deleted', id: alertId })),
    { kind: 'incident', changeType: 'deleted', id, before: incident as Incident, alertIds: alerts },
  ];
}

/**
 * The alert and incident changes of the audit log from its newest entry back to the first one
 * stamped before `since`, oldest first, each (item, change type) once, where it first occurs.
 * Pages newest first by `listAudit`; an entry written meanwhile shifts the pages and is read twice
 * (skipped by id), never missed.
 */
export async function changesSince(reads: Pick<SecurityReads, 'listAudit'>, since: string, pageSize = 1000): Promise<AuditedChange[]> {
  const sinceMs = timestampMillis(since);
  const seen = new Set<string>();
  const newestFirst: AuditedChange[][] = [];
  for (let skip = 0; ; ) {
    const page = await reads.listAudit({ top: pageSize, skip });
    for (const entry of page) {
      if (timestampMillis(entry.at) < sinceMs) return oldestFirst(newestFirst);
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      const changes = auditedChanges(entry);
      if (changes.length > 0) newestFirst.push(changes);
    }
    if (page.length < pageSize) return oldestFirst(newestFirst);
    skip += page.length;
  }
}

function oldestFirst(newestFirst: AuditedChange[][]): AuditedChange[] {
  const out: AuditedChange[] = [];
  const once = new Set<string>();
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    for (const change of newestFirst[i]!) {
      const key = `${change.kind}/${change.changeType}/${change.id}`;
      if (once.has(key)) continue;
      once.add(key);
      out.push(change);
    }
  }
  return out;
}
