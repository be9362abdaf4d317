/**
 * Runs the steps of an approved plan, newest change first, one at a time. Each step is marked
 * running (durably) before its restore and finished after its read-back, so a crash leaves at most
 * one step in flight; on resume that step is done again, which is safe because a restore writes a
 * recorded state rather than applying a difference, and a resource already at its before-state is
 * recognised as restored. The first failure stops the run: older changes of the same resource
 * depend on it, and POST …/run again continues from there.
 */
import type { ConnectorResolver, RestoreNotice } from '@riposte/engine';
import { formatTimestamp, type Clock } from '../common/timestamp.ts';
import type { ChangeLedger } from '../ledger/change-ledger.ts';
import { FINISHED_STEP_STATUSES, type RecoveryPlan, type RecoveryStep } from './recovery-plan.ts';
import type { RecoveryStore } from './recovery-store.ts';
import { bindEntry, stepError, type ConnectionSettingsSource } from './restore-request.ts';
import { sameState } from './same-state.ts';

export interface RunnerDeps {
  ledger: ChangeLedger;
  store: RecoveryStore;
  connectors: ConnectorResolver;
  connectionSettings: ConnectionSettingsSource;
  clock: Clock;
}

/** Runs the plan's unfinished steps; resolves with the plan as stored at the end. */
export async function runSteps(deps: RunnerDeps, plan: RecoveryPlan, signal: AbortSignal): Promise<RecoveryPlan> {
  for (const step of plan.steps) {
    if (FINISHED_STEP_STATUSES.has(step.status)) continue;
    const done = await runStep(deps, plan, step, signal);
    await deps.store.updateStep(plan.id, done);
    plan.steps[step.position] = done;
    if (done.status === 'failed' || done.status === 'verified-mismatch') return plan;
  }
  return plan;
}

async function runStep(deps: RunnerDeps, plan: RecoveryPlan, step: RecoveryStep, signal: AbortSignal): Promise<RecoveryStep> {
  const now = () => formatTimestamp(deps.clock());
  const running: RecoveryStep = { ...step, status: 'running', attempts: step.attempts + 1, error: null };
  await deps.store.updateStep(plan.id, running);
  const finish = (over: Partial<RecoveryStep>): RecoveryStep => ({ ...running, ...over, finishedAt: now() });

  const entry = deps.ledger.get(step.ledgerEntryId);
  if (!entry) return finish({ status: 'failed', error: { code: 'LedgerEntryMissing', message: `ledger entry '${step.ledgerEntryId}' is gone` } });
  let bound;
  try {
    // A sealed request whose key is not loaded fails the step (resumable once the key is back).
    bound = await bindEntry(entry, deps.ledger.openRequest(entry), deps.connectors, deps.connectionSettings, `recovery:${plan.id}/${step.position}`, signal);
  } catch (err) {
    return finish({ status: 'failed', error: stepError(err, 'ConnectionUnavailable') });
  }
  if (!bound) return finish({ status: 'failed', error: { code: 'ConnectorNotAvailable', message: `no connector operation can restore ${entry.api} ${entry.request.method} ${entry.request.path}` } });
  const state = bound.operation.state!;

  let current: unknown;
  try {
    current = await state.read(bound.request);
  } catch (err) {
    return finish({ status: 'failed', error: stepError(err, 'ReadFailed') });
  }
  if (step.attempts > 0 && step.restorable && sameState(current, step.restoreTo)) {
    // This step restored it before a crash or a failed read-back: nothing left to do. (On a first
    // attempt the same finding means someone else changed it back by hand: a conflict below.)
    return finish({ status: 'restored', current, verifiedState: current });
  }
  if (!sameState(current, step.expected) && !plan.force) {
    return finish({ status: 'conflict-skipped', current, conflict: true });
  }
  let notice: void | RestoreNotice;
  try {
    notice = await state.restore(bound.request, step.restoreTo);
  } catch (err) {
    return finish({ status: 'failed', current, error: stepError(err) });
  }
  if (!step.restorable || notice?.restored === false) {
    return finish({ status: 'not-restorable', current, error: { code: 'NotRestorable', message: notice?.message ?? 'the connector cannot restore this change' } });
  }
  let after: unknown;
  try {
    after = await state.read(bound.request);
  } catch (err) {
    return finish({ status: 'failed', current, error: stepError(err, 'VerifyFailed') });
  }
  if (!sameState(after, step.restoreTo)) {
    return finish({ status: 'verified-mismatch', current, verifiedState: after, error: { code: 'VerifiedMismatch', message: 'the resource read back differs from its recorded before-state' } });
  }
  return finish({ status: 'restored', current, verifiedState: after });
}
