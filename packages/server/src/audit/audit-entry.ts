import type { AuditEntry } from '../store/security-store.ts';

/** Builds an audit entry for a change; write it in the same transaction as the change. */
export function auditEntry(
  ids: { newId: () => string; at: string },
  actor: string,
  entityType: string,
  entityId: string,
  action: string,
  before: unknown,
  after: unknown,
): AuditEntry {
  return { id: ids.newId(), at: ids.at, actor, entityType, entityId, action, before: before ?? null, after: after ?? null };
}
