import { timestampMillis } from '../../common/timestamp.ts';
import type { Alert } from '../../alerts/alert-schema.ts';
import type { Incident } from '../../incidents/incident-schema.ts';
import type { AuditEntry, SecurityReads } from '../../store/security-store.ts';

/**
 * A change to an alert or incident as the audit log records it, in the terms of a change
 * notification. A deleted alert or incident comes with itself as it was (its audit entry keeps it).
 */
export type AuditedChange =
  | { kind: 'alert' | 'incident'; changeType: 'created' | 'updated'; id: string }
  | { kind: 'alert'; changeType: 'deleted'; id: string; before: Alert }
  | { kind: 'incident'; changeType: 'deleted'; id: string; before: Incident; alertIds: string[] };

const idsCreated = (after: Record<string, unknown>): string[] =>
  Array.isArray(after.created) ? after.created.flatMap((c: unknown) => (typeof (c as { id?: unknown })?.id === 'string' ? [(c as { id: string }).id] : [])) : [];

/**
 * What one audit entry says changed, for each change the security domain also announces as an event:
 * alerts created by an ingest (one "alertIngest" entry lists them), alerts updated or deleted,
 * incidents created, updated or deleted, and comments and tasks (an `updated` of their incident).
 * Other entries — other entities, timeline notes on an incident — give nothing.
 */
export function auditedChanges(entry: Pick<AuditEntry, 'entityType' | 'entityId' | 'action' | 'before' | 'after'>): AuditedChange[] {
  const after = (entry.after && typeof entry.after === 'object' ? entry.after : {}) as Record<string, unknown>;
  const write = entry.action === 'create' || entry.action === 'update';
  switch (entry.entityType) {
    case 'alertIngest':
      return entry.action === 'create' ? idsCreated(after).map((id) => ({ kind: 'alert', changeType: 'created', id })) : [];
    case 'alert':
      // incidents/delete-incident.ts audits each alert deleted with its incident, as it was.
      if (entry.action === 'delete') return isRecord(entry.before) ? [{ kind: 'alert', changeType: 'deleted', id: entry.entityId, before: entry.before as Alert }] : [];
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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// incidents/delete-incident.ts audits the incident as it was, with the ids of the alerts deleted with
// it; each of those alerts has an entry of its own (above).
function deletion(id: string, before: unknown): AuditedChange[] {
  if (!isRecord(before)) return [];
  const { alertIds, ...incident } = before as Incident & { alertIds?: unknown };
  const alerts = Array.isArray(alertIds) ? alertIds.filter((a): a is string => typeof a === 'string') : [];
  return [{ kind: 'incident', changeType: 'deleted', id, before: incident as Incident, alertIds: alerts }];
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
