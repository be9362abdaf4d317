import type { IncidentDeletionGuard } from '../incidents/deletion-guards.ts';
import type { ChangeLedger } from '../ledger/change-ledger.ts';
import { FINISHED_STEP_STATUSES } from './recovery-plan.ts';
import type { RecoveryStore } from './recovery-store.ts';

/**
 * Refuses to delete an incident while containment changes made for it are still open: applied
 * ledger entries that no recovery step has finished with (restored, skipped as a conflict, or not
 * restorable). Deleting the incident would lose what recovery needs to put them back. Entries that
 * never applied (failed, interrupted) are not counted: recovery cannot restore them either.
 */
export function unrestoredChangesGuard(ledger: ChangeLedger, plans: RecoveryStore): IncidentDeletionGuard {
  return {
    name: 'change ledger',
    refusal(incident) {
      const finished = new Set(
        plans
          .listForIncident(incident.id)
          .flatMap((plan) => plan.steps)
          .filter((step) => FINISHED_STEP_STATUSES.has(step.status))
          .map((step) => step.ledgerEntryId),
      );
      const open = ledger.listForIncident(incident.id).filter((entry) => entry.status === 'applied' && !finished.has(entry.id));
      if (open.length === 0) return undefined;
      const changes = open.length === 1 ? '1 containment change' : `${open.length} containment changes`;
      return `${changes} made for it ${open.length === 1 ? 'has' : 'have'} not been restored; run its recovery first (POST /api/incidents/${incident.id}/recovery)`;
    },
  };
}
