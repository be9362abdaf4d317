/**
 * What an action type implements. Handlers are described as data (side effect or not, container or
 * not) beside their `run`, and registered explicitly in actions/registry.ts.
 */
import type { WorkflowAction } from '../definition/types.ts';
import type { ActionEntry, ActionStatus, RunError } from '../store/run-store.ts';
import type { Frame } from './frame.ts';
import type { RunExecution } from './run-execution.ts';

export interface ActionOutcome {
  status: ActionStatus;
  inputs?: unknown;
  outputs?: unknown;
  error?: RunError | null;
  code?: string;
  attempts?: number;
  state?: unknown;
}

export interface ActionContext {
  readonly run: RunExecution;
  readonly name: string;
  readonly path: string;
  readonly def: WorkflowAction;
  readonly frame: Frame;
  /** The entry a previous process wrote for this execution (resume), if any. */
  readonly prior: ActionEntry | undefined;
  /** Stable across retries and restarts: run id, action path, iteration indexes. */
  readonly idempotencyKey: string;
  /** Evaluates a value of this action's definition; `owner` must be the definition object holding it. */
  evaluate(owner: object, field: string, value: unknown): unknown;
  /** Records progress durably (status Waiting with a timer, attempt count, state). */
  progress(update: Partial<Pick<ActionEntry, 'status' | 'inputs' | 'attempts' | 'notBefore' | 'state' | 'outputs'>>): void;
  /** Resolves when everything recorded so far is durable; call before a side effect. */
  flush(): Promise<void>;
}

export interface ActionHandler {
  /** Calls out of the process; its result is recorded once and reused on resume. */
  sideEffect: boolean;
  /** Holds inner actions; always re-entered on resume so inner entries are adopted in order. */
  container?: boolean;
  /**
   * Finishes in memory without waiting on anything outside the run (no call, timer, callback or
   * inner actions): no Running entry is recorded before it runs, only its result.
   */
  immediate?: boolean;
  run(ctx: ActionContext): Promise<ActionOutcome>;
  /** Re-applies the in-memory effect of a finished entry adopted on resume (variables, Terminate). */
  replay?(ctx: ActionContext, entry: ActionEntry): void;
}
