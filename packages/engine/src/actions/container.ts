/** Shared pieces of the container actions (Scope, If, Switch, Foreach, Until). */
import type { WorkflowAction } from '../definition/types.ts';
import type { ActionOutcome } from '../runtime/action-handler.ts';
import type { Frame } from '../runtime/frame.ts';
import { ACTION_FAILED, type RunExecution } from '../runtime/run-execution.ts';
import type { ActionStatus } from '../store/run-store.ts';

/** The container's own outcome from the status of its inside. */
export function containerOutcome(status: ActionStatus, extra: Partial<ActionOutcome> = {}): ActionOutcome {
  const s: ActionStatus = status === 'Skipped' ? 'Succeeded' : status;
  return { ...extra, status: s, error: s === 'Succeeded' ? null : ACTION_FAILED };
}

/** Records every action of a branch that is not taken as Skipped (nested ones too, as history shows them). */
export async function skipBranch(run: RunExecution, actions: Record<string, WorkflowAction> | undefined, frame: Frame, parentPath: string): Promise<void> {
  for (const [name, def] of Object.entries(actions ?? {})) {
    await run.skipAction(name, def, frame, parentPath, null);
  }
}

/** Worst status of several parts (iterations): Failed, TimedOut, Cancelled, else Succeeded. */
export function worstOf(statuses: Iterable<ActionStatus>): ActionStatus {
  const rank: Record<string, number> = { Failed: 3, TimedOut: 2, Cancelled: 1 };
  let worst: ActionStatus = 'Succeeded';
  for (const s of statuses) if ((rank[s] ?? 0) > (rank[worst] ?? 0)) worst = s;
  return worst;
}
