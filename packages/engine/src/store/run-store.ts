/**
 * The durable run journal (a port). The runtime writes what happened to a run here and reads it back
 * to resume after a crash. Adapters: memory (tests), SQLite (server, one process), PostgreSQL (later,
 * many processes sharing runs through leases). Every adapter passes run-store.conformance.ts.
 */
import type { WorkflowDefinition } from '../definition/types.ts';

export type RunStatus = 'Running' | 'Succeeded' | 'Failed' | 'Cancelled' | 'TimedOut';
export type ActionStatus = 'Running' | 'Waiting' | 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut' | 'Cancelled';

export const FINISHED_ACTION_STATUSES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Skipped', 'TimedOut', 'Cancelled']);

/** Error as it appears in run history: a code and a message, never a stack. */
export interface RunError {
  code: string;
  message: string;
}

/** What is stored in place of a secured value (runtimeConfiguration.secureData). */
export const REDACTED = Object.freeze({ $redacted: true });

export function isRedacted(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).$redacted === true;
}

/** The trigger as the run saw it (what trigger()/triggerBody() return). */
export interface TriggerEntry {
  name: string;
  outputs: { headers?: Record<string, string>; body?: unknown; queries?: Record<string, unknown>; [k: string]: unknown };
  startTime: string;
}

export interface NewRun {
  id: string;
  workflowName: string;
  /** Snapshot of the definition the run executes (a later edit of the workflow does not change it). */
  definition: WorkflowDefinition;
  trigger: TriggerEntry;
  /** Parameter values after defaults and overrides, `$connections` included. */
  parameters: Record<string, unknown>;
  startTime: string;
  parentRunId?: string;
  /**
   * Which stored workflow (and version of it) the run executes and who started it, when the caller
   * keeps workflows by id (the server's playbooks). Written in the run's own creation, so a run and
   * its origin are durable together; runs are listed by it (RunQuery.workflowId).
   */
  origin?: RunOrigin;
  /** Lease taken at creation by the process that will execute the run (saves a claim). */
  leaseOwner?: string;
  leaseUntil?: string;
}

/** The stored workflow a run belongs to (Logic Apps run history: properties.workflow). */
export interface RunOrigin {
  workflowId: string;
  workflowVersion?: number;
  /** Who or what started the run ("request", "rule:<id>", "manual:<user>", …). */
  startedBy?: string;
}

/** The HTTP answer a Response action recorded for a Request trigger. */
export interface RunResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RunEntry extends NewRun {
  status: RunStatus;
  endTime?: string;
  outputs?: Record<string, unknown>;
  error?: RunError | null;
  response?: RunResponse;
  variables?: Record<string, unknown>;
  /** Earliest durable timer of a waiting run (ISO), so a scheduler knows when to wake it. */
  wakeAt?: string;
  leaseOwner?: string;
  leaseUntil?: string;
}

/**
 * One action execution (one iteration of it inside loops). `path` names the action through its
 * enclosing containers ("Scope/For_each/Compose"); `iteration` holds the indexes of the enclosing
 * Foreach/Until loops, outermost first.
 */
export interface ActionEntry {
  path: string;
  iteration: number[];
  name: string;
  type: string;
  status: ActionStatus;
  startTime?: string;
  endTime?: string;
  inputs?: unknown;
  outputs?: unknown;
  error?: RunError | null;
  /** HTTP-ish status code of side-effecting actions (history `code`). */
  code?: string;
  attempts?: number;
  idempotencyKey?: string;
  /** Durable timer: the action must not continue before this instant (Wait, retry back-off). */
  notBefore?: string;
  trackedProperties?: Record<string, unknown>;
  /** Action-specific durable state (If decision, webhook subscription, received callback, ...). */
  state?: unknown;
}

/** Everything one scheduling step of one run changes, committed atomically. */
export interface RunChanges {
  runId: string;
  /** Creates the run first, in the same transaction (a batched createRun). */
  create?: NewRun;
  actions?: ActionEntry[];
  variables?: Record<string, unknown>;
  wakeAt?: string | null;
  response?: RunResponse;
  /** Present when the run finished in this step. */
  finish?: { status: RunStatus; endTime: string; outputs?: Record<string, unknown>; error?: RunError | null };
}

/** A run as run lists show it (no definition, parameters or variables). */
export interface RunSummary {
  id: string;
  workflowName: string;
  status: RunStatus;
  startTime: string;
  endTime?: string;
  error?: RunError | null;
  parentRunId?: string;
  origin?: RunOrigin;
}

export interface RunQuery {
  workflowName?: string;
  /** Only runs whose origin names this workflow id. */
  workflowId?: string;
  status?: RunStatus;
  /** Only runs started strictly before this instant (ISO), for paging. */
  before?: string;
  /** Default 50. */
  limit?: number;
  /** Rows to pass over first (offset paging; `before` is steadier while runs are being added). */
  skip?: number;
}

export interface RunStore {
  /** Persist a new run; durable when the promise resolves. Rejects with RunStoreError('Conflict') when the id exists. */
  createRun(run: NewRun): Promise<void>;
  getRun(runId: string): Promise<RunEntry | undefined>;
  /** All action entries of a run, in the order they were first written. */
  listActions(runId: string): Promise<ActionEntry[]>;
  /**
   * Optional: the entries a run resumed in this process continues from, where they may differ from
   * what history shows (a wrapper that journals a value masked can hand the resumed run the clear
   * one). The runtime calls it once per resume, after taking the run's lease; without it, listActions.
   */
  listActionsToResume?(runId: string): Promise<ActionEntry[]>;
  /** Apply the changes of many runs in one transaction (entries upsert by path + iteration). */
  commit(changes: RunChanges[]): Promise<void>;
  /** Runs, newest first (by start time, then id descending). */
  listRuns(query?: RunQuery): Promise<RunSummary[]>;
  /** Ids of runs not finished yet, oldest first. */
  listUnfinished(limit?: number): Promise<string[]>;
  /** Take (or extend) the lease of a run; false when another owner holds an unexpired lease or it finished. */
  claimRun(runId: string, owner: string, leaseMs: number, now?: Date): Promise<boolean>;
  releaseRun(runId: string, owner: string): Promise<void>;
  /** Records the origin of an existing run (for runs journaled before it was kept with them); false when there is no such run. */
  setOrigin(runId: string, origin: RunOrigin): Promise<boolean>;
  close(): Promise<void>;
}

export class RunStoreError extends Error {
  override readonly name = 'RunStoreError';
  constructor(
    readonly code: 'Conflict' | 'NotFound' | 'Storage',
    message: string,
  ) {
    super(message);
  }
}

/** Stable key of one action execution inside a run. */
export function entryKey(path: string, iteration: readonly number[]): string {
  return iteration.length === 0 ? path : `${path}#${iteration.join(',')}`;
}
