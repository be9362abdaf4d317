import type { ChangeRequestStore } from '../change-requests/change-request-store.ts';
import type { IncidentDeletionGuard } from '../incidents/deletion-guards.ts';
import type { ApprovalStore } from './approval-store.ts';

/**
 * Refuses to delete an incident while a decision about it is open: an approval still waiting for its
 * answer (a playbook run waits on it and would resume on an incident that is gone), or a change
 * request Requested or Approved but not yet implemented. Answered or timed-out approvals and decided
 * change requests stay as history.
 */
export function openDecisionsGuard(approvals: ApprovalStore, changeRequests: ChangeRequestStore): IncidentDeletionGuard {
  return {
    name: 'response process',
    refusal(incident) {
      const pending = approvals.pendingCountOf(incident.id);
      const open = changeRequests.ofIncident(incident.id).filter((c) => c.status === 'Requested' || c.status === 'Approved').length;
      const reasons: string[] = [];
      if (pending > 0) reasons.push(`${pending} approval${pending === 1 ? '' : 's'} still waiting for an answer`);
      if (open > 0) reasons.push(`${open} change request${open === 1 ? '' : 's'} not yet decided or implemented`);
      return reasons.length > 0 ? `it has ${reasons.join(' and ')}` : undefined;
    },
  };
}
