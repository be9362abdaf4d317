/** Who may approve a recovery, and whether playbooks may approve their own. Plain data. */
import type { IncidentRoles } from '../incidents/incident-schema.ts';

export type IncidentRoleName = keyof IncidentRoles;

export interface RecoveryPolicy {
  /** Incident roles whose holder may approve a plan (default: the lead only). */
  approverRoles: IncidentRoleName[];
  /** Whether a playbook's "Recover incident" with approve: true runs without a person's approval. */
  allowAutoApprove: boolean;
}

export const defaultRecoveryPolicy: RecoveryPolicy = { approverRoles: ['lead'], allowAutoApprove: false };

/** Whether someone known by any of `names` holds one of the approving roles of the incident. */
export function mayApprove(policy: RecoveryPolicy, roles: IncidentRoles, names: readonly string[]): IncidentRoleName | undefined {
  const wanted = new Set(names.filter((n) => n !== '').map((n) => n.toLowerCase()));
  return policy.approverRoles.find((role) => {
    const holder = roles[role];
    return typeof holder === 'string' && holder !== '' && wanted.has(holder.toLowerCase());
  });
}
