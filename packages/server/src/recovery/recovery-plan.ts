/**
 * A recovery plan: the inverse of each applied ledger entry of an incident, newest first. Each step
 * knows the state it expects to find (what the change left behind) and the state it restores (the
 * recorded before-state). Pure: the current states are read by the caller.
 */
import type { LedgerEntry } from '../ledger/ledger-entry.ts';
import { sameState } from './same-state.ts';

export type StepStatus = 'pending' | 'running' | 'restored' | 'verified-mismatch' | 'conflict-skipped' | 'not-restorable' | 'failed';
export type PlanStatus = 'awaiting-approval' | 'approved' | 'running' | 'succeeded' | 'failed';

/** Steps that a later run must not redo. */
export const FINISHED_STEP_STATUSES: ReadonlySet<StepStatus> = new Set(['restored', 'conflict-skipped', 'not-restorable']);

export interface RecoveryStep {
  position: number;
  ledgerEntryId: string;
  resource: { kind: string; id: string };
  operationId: string;
  /** What the step expects to find: the ledger's after-state (or, for an older change of the same resource, the before-state of the newer one). */
  expected: unknown;
  /** The recorded before-state the step restores. */
  restoreTo: unknown;
  /** The state read when the plan was made. */
  current: unknown;
  /** Someone else changed the resource since; skipped unless forced. */
  conflict: boolean;
  /** The connector said it cannot restore this kind of change (a password). */
  restorable: boolean;
  status: StepStatus;
  /** After a run: the state read back. */
  verifiedState?: unknown;
  error?: { code: string; message: string } | null;
  attempts: number;
  finishedAt?: string | null;
}

export interface RecoveryPlan {
  id: string;
  incidentId: string;
  status: PlanStatus;
  /** Conflicting steps run anyway (the current state is overwritten). */
  force: boolean;
  createdAt: string;
  createdBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The incident's time-to-recovery deadline (its SLA) when the plan was made. */
  recoverBy: string | null;
  /** Entries that were recorded but never applied (failed or interrupted), for a person to look at. */
  unappliedEntries: string[];
  steps: RecoveryStep[];
}

/** Reads the current state of the resource an entry changed (the caller binds connectors). */
export type CurrentStateReader = (entry: LedgerEntry) => Promise<{ ok: true; state: unknown } | { ok: false; error: { code: string; message: string } }>;

// One user may be addressed as "alice", by UPN or by DN in different actions; the state read from
// the directory names the real DN, so changes of one resource chain even when addressed differently.
function resourceKey(entry: LedgerEntry): string {
  const dnOf = (state: unknown) => (state && typeof state === 'object' && typeof (state as { dn?: unknown }).dn === 'string' ? ((state as { dn: string }).dn.toLowerCase()) : undefined);
  return `${entry.resource.kind}\u0000${dnOf(entry.beforeState) ?? dnOf(entry.afterState) ?? entry.resource.id}`;
}

/** Builds the steps of a plan from the ledger, newest change first, marking conflicts. */
export async function planSteps(entries: readonly LedgerEntry[], readCurrent: CurrentStateReader): Promise<{ steps: RecoveryStep[]; unapplied: string[] }> {
  const applied = entries.filter((e) => e.status === 'applied').reverse();
  const unapplied = entries.filter((e) => e.status !== 'applied').map((e) => e.id);
  // What the newer step of the same resource will leave behind once restored.
  const leftByNewer = new Map<string, unknown>();
  const currentOf = new Map<string, { ok: true; state: unknown } | { ok: false; error: { code: string; message: string } }>();
  const steps: RecoveryStep[] = [];
  for (const entry of applied) {
    const key = resourceKey(entry);
    let read = currentOf.get(key);
    if (!read) {
      read = await readCurrent(entry);
      currentOf.set(key, read);
    }
    const newer = leftByNewer.has(key);
    const expected = newer ? leftByNewer.get(key) : entry.afterState;
    const current = read.ok ? read.state : null;
    // The newest change of a resource is compared with what is there now; older ones with what the
    // newer restore will put back, so a hand-made change between two of our changes is found too.
    const conflict = read.ok && !newer ? !sameState(current, expected) : newer ? !sameState(entry.afterState, expected) : false;
    leftByNewer.set(key, entry.beforeState);
    const restorable = !(entry.beforeState && typeof entry.beforeState === 'object' && (entry.beforeState as { restorable?: unknown }).restorable === false);
    steps.push({
      position: steps.length,
      ledgerEntryId: entry.id,
      resource: entry.resource,
      operationId: entry.operationId,
      expected,
      restoreTo: entry.beforeState,
      current: newer ? expected : current,
      conflict,
      restorable,
      status: 'pending',
      attempts: 0,
      ...(read.ok ? {} : { error: read.error }),
    });
  }
  return { steps, unapplied };
}
