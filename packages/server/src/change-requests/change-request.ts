/**
 * A change request: a containment or recovery change put to a decision before it is made. It
 * belongs to an incident, lists the steps it covers (what will be done, to which resource) and the
 * assets concerned, and moves Requested → Approved | Rejected, Approved → Implemented, and any
 * decided state → Closed.
 */
import { z } from 'zod';

export const changeRequestStatuses = ['Requested', 'Approved', 'Rejected', 'Implemented', 'Closed'] as const;
export type ChangeRequestStatus = (typeof changeRequestStatuses)[number];

export const changeStepSchema = z.strictObject({
  kind: z.enum(['containment', 'recovery']),
  summary: z.string().trim().min(1).max(1000),
  /** The connector operation, e.g. "azuread.disableUser". */
  operationId: z.string().max(200).nullish(),
  /** The resource as the change ledger names it. */
  resource: z.strictObject({ kind: z.string().min(1).max(100), id: z.string().min(1).max(1024) }).nullish(),
  ledgerEntryId: z.string().max(200).nullish(),
  recoveryPlanId: z.string().max(200).nullish(),
});
export type ChangeStep = z.output<typeof changeStepSchema>;

export const changeRequestInputSchema = z
  .strictObject({
    incidentId: z.string().min(1).max(200).describe('Incident id, or its number'),
    title: z.string().trim().min(1).max(300),
    description: z.string().max(10_000).nullish(),
    steps: z.array(changeStepSchema).min(1, 'expected at least one containment or recovery step').max(100),
    /** Asset ids, or "<kind>:<key>" (e.g. "user:bob@example.com"), the change touches. */
    assets: z.array(z.string().min(1).max(1100)).max(100).default([]),
  })
  .meta({ id: 'ChangeRequestInput' });
export type ChangeRequestInput = z.output<typeof changeRequestInputSchema>;

export interface ChangeRequest {
  id: string;
  incidentId: string;
  title: string;
  description: string | null;
  steps: ChangeStep[];
  /** Ids of the assets it covers. */
  assetIds: string[];
  status: ChangeRequestStatus;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  decision: { by: string; at: string; comment: string | null } | null;
  implemented: { by: string; at: string; comment: string | null } | null;
  closed: { by: string; at: string; comment: string | null } | null;
  /** Set when the change-request gate opened it for a waiting action (its idempotency key). */
  origin: { runId: string; idempotencyKey: string } | null;
}

export type ChangeRequestTransition = 'approve' | 'reject' | 'implement' | 'close';

const allowed: Record<ChangeRequestTransition, readonly ChangeRequestStatus[]> = {
  approve: ['Requested'],
  reject: ['Requested'],
  implement: ['Approved'],
  close: ['Approved', 'Rejected', 'Implemented'],
};

const target: Record<ChangeRequestTransition, ChangeRequestStatus> = { approve: 'Approved', reject: 'Rejected', implement: 'Implemented', close: 'Closed' };

/** The status a transition leads to, or undefined when it is not allowed from `from`. */
export function transitionTarget(from: ChangeRequestStatus, transition: ChangeRequestTransition): ChangeRequestStatus | undefined {
  return allowed[transition].includes(from) ? target[transition] : undefined;
}

/** Whether the request lets a change on its assets go ahead. */
export function authorizesChange(cr: ChangeRequest): boolean {
  return cr.status === 'Approved' || cr.status === 'Implemented';
}
