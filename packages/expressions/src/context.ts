/**
 * What an expression may read from the world. The engine implements WorkflowContext; the
 * expression package never does I/O and never reads the clock except through EvaluationHost.
 */

/** The record of one action (or trigger) as workflow functions such as actions()/result() see it. */
export interface ActionRecord {
  name: string;
  status: 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut' | 'Cancelled' | 'Running' | 'Waiting' | string;
  inputs?: unknown;
  outputs?: unknown;
  startTime?: string;
  endTime?: string;
  code?: string;
  error?: { code: string; message: string } | null;
  trackingId?: string;
  clientTrackingId?: string;
  trackedProperties?: Record<string, unknown>;
}

/**
 * Workflow functions (triggerBody, body, outputs, actions, items, variables, parameters, workflow,
 * result, iterationIndexes, listCallbackUrl, ...) read through this interface. Every method may
 * throw an ExpressionError (code 'WorkflowReference') when the name is unknown.
 */
export interface WorkflowContext {
  /** The trigger's outputs: { headers, body, queries?, relativePathParameters?, ... }. */
  trigger(): ActionRecord;
  /** A completed (or running) action by name; undefined when it has not run. */
  action(name: string): ActionRecord | undefined;
  /** The record of the action currently being evaluated (for action()). */
  currentAction?(): ActionRecord | undefined;
  /** Value of a workflow variable; undefined when not initialised. */
  variable(name: string): unknown;
  /** Value of a workflow parameter; undefined when not declared. */
  parameter(name: string): unknown;
  /** Current item of the named Foreach (or the innermost when name is omitted). */
  item(loopName?: string): unknown;
  /** Zero-based iteration index of the named Foreach/Until. */
  iterationIndex(loopName: string): number | undefined;
  /** Results of the top-level actions inside a Scope/Foreach/Until/If/Switch (result()). */
  scopeResults(name: string): ActionRecord[] | undefined;
  /** The workflow() object: { id, name, type, run: { id, name, type }, tags? }. */
  workflow(): unknown;
  /** Callback URL of a Request trigger or a webhook action. */
  listCallbackUrl(): string;
  /** Form-data helpers and similar may read the raw trigger outputs. */
  /** An app setting of a Logic Apps Standard app (appSetting()); undefined when not set. */
  appSetting?(name: string): string | undefined;
  /** An argument of the current agent tool call (agentParameters()); undefined when absent. */
  agentParameter?(name: string): unknown;
}

/** Non-deterministic inputs, injected so evaluation stays replayable. */
export interface EvaluationHost {
  now(): Date;
  random(): number;
  guid(): string;
}

export interface EvaluationOptions {
  /** Maximum expression length in characters (Logic Apps: 8,192). */
  maxExpressionLength?: number;
}
