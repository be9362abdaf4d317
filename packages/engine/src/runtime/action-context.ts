/**
 * The ActionContext of one action execution. A class, not an object of closures: one is made for
 * every action a run executes, and methods on a prototype cost nothing per action.
 */
import type { WorkflowAction } from '../definition/types.ts';
import type { ActionEntry } from '../store/run-store.ts';
import type { ActionContext } from './action-handler.ts';
import { evaluateIn, type ExpressionScope } from './expressions.ts';
import type { Frame } from './frame.ts';
import type { RunExecution } from './run-execution.ts';
import { createScope } from './run-scope.ts';

export class ExecutionContext implements ActionContext {
  private inputScope: ExpressionScope | undefined;

  constructor(
    readonly run: RunExecution,
    readonly name: string,
    readonly path: string,
    readonly def: WorkflowAction,
    readonly frame: Frame,
    readonly prior: ActionEntry | undefined,
    /** entryKey(path, frame.iteration). */
    readonly key: string,
  ) {}

  get idempotencyKey(): string {
    return `${this.run.id}/${this.key}`;
  }

  evaluate(owner: object, field: string, value: unknown): unknown {
    this.inputScope ??= createScope(this.run, this.frame, undefined, { path: this.path, iteration: this.frame.iteration });
    return evaluateIn(this.inputScope, owner, field, value, `action '${this.name}' ${field}`);
  }

  progress(update: Parameters<ActionContext['progress']>[0]): void {
    const current = this.run.entries.get(this.key);
    if (!current) return;
    // Through write: a Running/Waiting entry's secured inputs (retries, webhooks) are journaled redacted too.
    this.run.write(this.key, { ...current, ...update }, this.def);
    if (update.notBefore) this.run.env.journal.recordRun(this.run.id, { wakeAt: update.notBefore });
  }

  flush(): Promise<void> {
    return this.run.env.journal.flush();
  }
}
