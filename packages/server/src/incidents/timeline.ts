import type { FieldChange } from '../events/security-events.ts';
import type { TimelineEntry } from './incident-schema.ts';

/** Timeline entries for a set of field changes made by one actor at one time. */
export function timelineOf(
  incidentId: string,
  action: string,
  changes: readonly FieldChange[],
  ids: { newId: () => string; at: string; actor: string },
): TimelineEntry[] {
  return changes.map((c) => ({
    id: ids.newId(),
    incidentId,
    at: ids.at,
    actor: ids.actor,
    action,
    field: c.field,
    before: c.added ? undefined : c.before,
    after: c.added ? c.added : c.after,
  }));
}
