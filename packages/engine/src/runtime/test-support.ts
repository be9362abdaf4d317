/** Helpers for runtime tests: run a definition on a memory store and read the result by action name. */
import type { WorkflowDefinition } from '../definition/types.ts';
import { MemoryRunStore } from '../store/memory-run-store.ts';
import type { ActionEntry, RunStore } from '../store/run-store.ts';
import { ManualClock } from './clock.ts';
import type { RunResult } from './run-execution.ts';
import { WorkflowRuntime, type StartRunInput, type WorkflowRuntimeOptions } from './workflow-runtime.ts';

export interface TestRun {
  result: RunResult;
  actions: ActionEntry[];
  /** The last execution of each action by name. */
  byName: Record<string, ActionEntry>;
  store: RunStore;
  runtime: WorkflowRuntime;
}

export function lastByName(actions: ActionEntry[]): Record<string, ActionEntry> {
  const out: Record<string, ActionEntry> = {};
  for (const a of actions) out[a.name] = a;
  return out;
}

/** Runs `definition` to the end with a ManualClock (sleeps return at once) unless options say otherwise. */
export async function runDefinition(
  definition: WorkflowDefinition,
  input: Partial<StartRunInput> = {},
  options: Partial<WorkflowRuntimeOptions> = {},
): Promise<TestRun> {
  const store = options.store ?? new MemoryRunStore();
  const runtime = new WorkflowRuntime({ clock: new ManualClock(), ...options, store });
  const result = await runtime.run({ definition, ...input });
  const { actions } = await runtime.history(result.runId);
  return { result, actions, byName: lastByName(actions), store, runtime };
}
