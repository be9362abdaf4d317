/**
 * One run in memory: executes the definition level by level, journals every action execution, and
 * on resume adopts what a previous process already finished instead of doing it again.
 */
import { setMaxListeners } from 'node:events';
import type { WorkflowAction } from '../definition/types.ts';
import { normalizeType } from '../definition/types.ts';
import { ActionFailure } from '../actions/errors.ts';
import {
  entryKey,
  FINISHED_ACTION_STATUSES,
  isRedacted,
  REDACTED,
  type ActionEntry,
  type ActionStatus,
  type NewRun,
  type RunError,
  type RunResponse,
  type RunStatus,
} from '../store/run-store.ts';
import { ExecutionContext } from './action-context.ts';
import type { ActionHandler, ActionOutcome } from './action-handler.ts';
import type { RunEnvironment } from './environment.ts';
import { isoAt } from './clock.ts';
import { toRunError } from './errors.ts';
import { evaluateIn, type ExpressionScope } from './expressions.ts';
import { childPath, ROOT_FRAME, type Frame } from './frame.ts';
import { runLevel } from './graph.ts';
import { createScope } from './run-scope.ts';

export interface ActionInfo {
  name: string;
  path: string;
  def: WorkflowAction;
  /** Number of Foreach/Until loops around the action. */
  depth: number;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  outputs: Record<string, unknown>;
  error: RunError | null;
  response?: RunResponse;
}

export interface Variable {
  type: string;
  value: unknown;
}

const NO_PRIOR: ReadonlyMap<string, ActionEntry> = new Map();

export const ACTION_FAILED: RunError = { code: 'ActionFailed', message: 'An action failed. No dependent actions succeeded.' };

export class RunExecution {
  /** Entries of this run by path + iteration, as history shows them (secure values redacted). */
  readonly entries = new Map<string, ActionEntry>();
  readonly lastByPath = new Map<string, ActionEntry>();
  /** Clear values of secured inputs/outputs; memory only, never journaled (made when first needed). */
  private secretValues?: Map<string, { inputs?: unknown; outputs?: unknown }>;
  private variableMap?: Map<string, Variable>;
  /** Every action of the definition by name (shared by the runs of one definition object). */
  readonly infos: ReadonlyMap<string, ActionInfo>;
  /** Action names lower-cased: expressions refer to actions case-insensitively, as Azure does. */
  private readonly infosFolded: ReadonlyMap<string, ActionInfo>;
  /** Entries a previous process wrote (resume); empty for a new run. */
  private readonly prior: ReadonlyMap<string, ActionEntry>;
  /** Made on first use: most runs never need to cancel anything. */
  private abortController?: AbortController;
  private terminated?: { status: RunStatus; error: RunError | null };
  private variablesDirty = false;
  private variableSeq = 0;
  private variableVersions?: Map<string, number>;
  private scopes?: WeakMap<Frame, ExpressionScope>;
  response?: RunResponse;

  constructor(
    readonly run: NewRun,
    readonly env: RunEnvironment,
    prior: ActionEntry[] = [],
    response?: RunResponse,
  ) {
    const priorByKey = prior.length > 0 ? new Map<string, ActionEntry>() : NO_PRIOR;
    for (const e of prior) {
      (priorByKey as Map<string, ActionEntry>).set(entryKey(e.path, e.iteration), e);
      const seq = (e.state as { variableSeq?: unknown } | undefined)?.variableSeq;
      if (typeof seq === 'number' && seq > this.variableSeq) this.variableSeq = seq;
    }
    this.prior = priorByKey;
    this.response = response;
    ({ infos: this.infos, folded: this.infosFolded } = actionIndex(run.definition.actions ?? {}));
  }

  get id(): string {
    return this.run.id;
  }

  /** The run's variables by name (most runs have none: the map is made when first asked for). */
  get variables(): Map<string, Variable> {
    return (this.variableMap ??= new Map());
  }

  /** True once Terminate ran: no further action starts. */
  get stopped(): boolean {
    return this.terminated !== undefined;
  }

  get signal(): AbortSignal {
    if (!this.abortController) {
      this.abortController = new AbortController();
      // Every in-flight action of the run listens on this one signal (a Foreach runs up to 50 at
      // once, each Http call adding its own listener), so Node's default limit of 10 only warns.
      setMaxListeners(0, this.abortController.signal);
    }
    return this.abortController.signal;
  }

  private get aborted(): boolean {
    return this.abortController?.signal.aborted ?? false;
  }

  /** Runs (or resumes) to the end; the finish is durable when this resolves. */
  async execute(): Promise<RunResult> {
    const level = await runLevel(this, this.run.definition.actions ?? {}, ROOT_FRAME, '');
    const status: RunStatus = this.terminated?.status ?? (level.status === 'Skipped' ? 'Succeeded' : (level.status as RunStatus));
    let error: RunError | null = this.terminated ? this.terminated.error : status === 'Succeeded' ? null : ACTION_FAILED;
    const outputs: Record<string, unknown> = {};
    const scope = this.scope(ROOT_FRAME);
    for (const [name, out] of Object.entries(this.run.definition.outputs ?? {})) {
      try {
        outputs[name] = evaluateIn(scope, out, 'value', out.value, `workflow output '${name}'`);
      } catch (err) {
        error ??= toRunError(err);
      }
    }
    const endTime = this.nowIso();
    this.env.journal.recordRun(this.id, {
      ...(this.variablesDirty ? { variables: this.variableValues() } : {}),
      finish: { status, endTime, outputs, error },
    });
    await this.env.journal.flush();
    return { runId: this.id, status, outputs, error, ...(this.response ? { response: this.response } : {}) };
  }

  /** Runs one action (or adopts its finished entry from before a restart); resolves to its status. */
  async runAction(name: string, def: WorkflowAction, frame: Frame, parentPath: string): Promise<ActionStatus> {
    const path = childPath(parentPath, name);
    const key = entryKey(path, frame.iteration);
    const handler = handlerOf(this.env.handlers, def);
    const prior = this.prior.get(key);
    const ctx = new ExecutionContext(this, name, path, def, frame, prior, key);
    if (prior && FINISHED_ACTION_STATUSES.has(prior.status) && !handler?.container) {
      const secureOutputs = this.secured(def, 'outputs');
      // Deterministic work whose outputs were secured is recomputed: its clear value was never stored.
      if (!(secureOutputs && isRedacted(prior.outputs) && handler && !handler.sideEffect)) {
        this.adopt(key, prior);
        handler?.replay?.(ctx, prior);
        return prior.status;
      }
    }
    const startTime = prior?.startTime ?? this.nowIso();
    const base: ActionEntry = { path, iteration: frame.iteration, name, type: String(def.type ?? ''), status: 'Running', startTime };
    if (handler?.sideEffect) base.idempotencyKey = ctx.idempotencyKey;
    if (prior?.attempts !== undefined) base.attempts = prior.attempts;
    if (!handler?.immediate || prior) this.write(key, base, undefined);
    let outcome: ActionOutcome;
    try {
      if (!handler) throw new ActionFailure('UnsupportedAction', `action type not supported: ${String(def.type)}`);
      outcome = this.staticResult(name, def) ?? (await handler.run(ctx));
    } catch (err) {
      outcome = { status: this.aborted ? 'Cancelled' : 'Failed', error: toRunError(err) };
      if (err instanceof ActionFailure && err.status) outcome.status = err.status;
    }
    const current = this.entries.get(key);
    // The entry as it was while running (or the base, not recorded for an immediate action), then the outcome.
    const entry: ActionEntry = current ? { ...current } : base;
    entry.status = outcome.status;
    // A container re-entered on resume keeps the end time it had, when it ends the same way.
    entry.endTime = prior?.endTime && prior.status === outcome.status ? prior.endTime : this.nowIso();
    if (outcome.inputs !== undefined) entry.inputs = outcome.inputs;
    if (outcome.outputs !== undefined) entry.outputs = outcome.outputs;
    entry.error = outcome.error ?? null;
    if (outcome.code !== undefined) entry.code = outcome.code;
    if (outcome.attempts !== undefined) entry.attempts = outcome.attempts;
    if (outcome.state !== undefined) entry.state = outcome.state;
    if (entry.notBefore !== undefined) delete entry.notBefore;
    if (def.trackedProperties) {
      try {
        const scope = this.scope(frame, { ...entry, inputs: outcome.inputs, outputs: outcome.outputs });
        entry.trackedProperties = evaluateIn(scope, def, 'trackedProperties', def.trackedProperties, `trackedProperties of action '${name}'`) as Record<string, unknown>;
      } catch (err) {
        entry.trackedProperties = { $error: toRunError(err) };
      }
    }
    this.write(key, entry, def);
    return entry.status;
  }

  /** Records an action that will not run because its runAfter cannot be met (or its branch was not taken). */
  async skipAction(name: string, def: WorkflowAction, frame: Frame, parentPath: string, error: RunError | null): Promise<ActionStatus> {
    const path = childPath(parentPath, name);
    const key = entryKey(path, frame.iteration);
    const prior = this.prior.get(key);
    if (prior?.status === 'Skipped') {
      this.adopt(key, prior);
      return 'Skipped';
    }
    const now = this.nowIso();
    this.write(key, { path, iteration: frame.iteration, name, type: String(def.type ?? ''), status: 'Skipped', startTime: now, endTime: now, error }, undefined);
    return 'Skipped';
  }

  /** Ends the run with the given status once running actions stop (Terminate). */
  terminate(status: RunStatus, error: RunError | null): void {
    if (this.terminated) return;
    this.terminated = { status, error };
    void this.signal;
    this.abortController!.abort(new ActionFailure('Cancelled', 'The run was terminated.', {}));
  }

  /**
   * Sets a variable. Every change carries a run-wide sequence number (journaled with the action), so
   * a resume that re-applies recorded changes in a different order than they happened (concurrent
   * Foreach iterations) still ends with the latest one. Returns the sequence number used.
   */
  setVariable(name: string, variable: Variable, seq?: number): number {
    const version = seq ?? ++this.variableSeq;
    const versions = (this.variableVersions ??= new Map());
    if (version < (versions.get(name) ?? 0)) return version;
    versions.set(name, version);
    this.variables.set(name, variable);
    this.variablesDirty = true;
    return version;
  }

  variableValues(): Record<string, unknown> {
    return Object.fromEntries([...(this.variableMap ?? [])].map(([k, v]) => [k, v.value]));
  }

  /** Records the Response for the trigger's caller (once). */
  respond(response: RunResponse): void {
    this.response = response;
    this.env.journal.recordRun(this.id, { response });
    this.env.onResponse?.(this.id, response);
  }

  /** The expression context at `frame`; `current` is what action() without a name returns (tracked properties). */
  scope(frame: Frame, current?: ActionEntry): ExpressionScope {
    if (current) return createScope(this, frame, current);
    // A scope only reads the run through the frame, so one per frame serves every evaluation in it.
    const scopes = (this.scopes ??= new WeakMap());
    let scope = scopes.get(frame);
    if (!scope) {
      scope = createScope(this, frame);
      scopes.set(frame, scope);
    }
    return scope;
  }

  nowIso(): string {
    return isoAt(this.env.clock.now());
  }

  /** True when runtimeConfiguration.secureData secures this property of the action. */
  secured(def: WorkflowAction, property: 'inputs' | 'outputs'): boolean {
    const props = def.runtimeConfiguration?.secureData?.properties;
    return Array.isArray(props) && props.some((p) => String(p).toLowerCase() === property);
  }

  /** The entry as expressions see it: secure values put back from memory. */
  clear(key: string, entry: ActionEntry): ActionEntry {
    const s = this.secretValues?.get(key);
    if (!s) return entry;
    return { ...entry, ...('inputs' in s ? { inputs: s.inputs } : {}), ...('outputs' in s ? { outputs: s.outputs } : {}) };
  }

  /** Records an entry (in memory and in the journal); secured values stay in memory only. Action contexts record through it. */
  write(key: string, entry: ActionEntry, def: WorkflowAction | undefined): void {
    let stored = entry;
    if (def && (this.secured(def, 'inputs') || this.secured(def, 'outputs'))) {
      // Progress updates write an entry that may already hold REDACTED: keep the clear value from before.
      const secrets = (this.secretValues ??= new Map());
      const secret: { inputs?: unknown; outputs?: unknown } = { ...secrets.get(key) };
      stored = { ...entry };
      if (this.secured(def, 'inputs') && entry.inputs !== undefined) {
        if (!isRedacted(entry.inputs)) secret.inputs = entry.inputs;
        stored.inputs = REDACTED;
      }
      if (this.secured(def, 'outputs') && entry.outputs !== undefined) {
        if (!isRedacted(entry.outputs)) secret.outputs = entry.outputs;
        stored.outputs = REDACTED;
      }
      // Tracked properties of a secured action may carry its secured values.
      if (stored.trackedProperties) stored.trackedProperties = REDACTED as Record<string, unknown>;
      secrets.set(key, secret);
    }
    this.entries.set(key, stored);
    this.lastByPath.set(entry.path, stored);
    this.env.journal.recordAction(this.id, stored);
    if (this.variablesDirty) {
      this.env.journal.recordRun(this.id, { variables: this.variableValues() });
      this.variablesDirty = false;
    }
  }

  private adopt(key: string, entry: ActionEntry): void {
    this.entries.set(key, entry);
    this.lastByPath.set(entry.path, entry);
  }

  private staticResult(name: string, def: WorkflowAction): ActionOutcome | undefined {
    const cfg = def.runtimeConfiguration?.staticResult;
    if (!cfg || String(cfg.staticResultOptions ?? '').toLowerCase() !== 'enabled') return undefined;
    const result = this.run.definition.staticResults?.[cfg.name];
    if (!result) throw new ActionFailure('StaticResultNotFound', `action '${name}': staticResults has no entry '${cfg.name}'`);
    const status = (['Succeeded', 'Failed', 'TimedOut', 'Skipped'].find((s) => s.toLowerCase() === String(result.status).toLowerCase()) ?? 'Succeeded') as ActionStatus;
    const error = result.error && typeof result.error === 'object' ? (result.error as RunError) : status === 'Failed' ? { code: 'StaticResultFailed', message: `static result '${cfg.name}' is Failed` } : null;
    return { status, outputs: result.outputs, error };
  }

  /** The action an expression names: exact spelling first, then ignoring case. */
  info(name: string): ActionInfo | undefined {
    return this.infos.get(name) ?? this.infosFolded.get(name.toLowerCase());
  }
}

interface ActionIndex {
  infos: Map<string, ActionInfo>;
  folded: Map<string, ActionInfo>;
}

/** Action index per definition (`actions` object): definitions are not changed once runs use them. */
const actionIndexes = new WeakMap<Record<string, WorkflowAction>, ActionIndex>();

function actionIndex(actions: Record<string, WorkflowAction>): ActionIndex {
  let index = actionIndexes.get(actions);
  if (!index) {
    index = { infos: new Map(), folded: new Map() };
    indexLevel(index, actions, '', 0);
    actionIndexes.set(actions, index);
  }
  return index;
}

function indexLevel(index: ActionIndex, actions: Record<string, WorkflowAction>, parentPath: string, depth: number): void {
  for (const [name, def] of Object.entries(actions)) {
    const path = childPath(parentPath, name);
    const info = { name, path, def, depth };
    index.infos.set(name, info);
    if (!index.folded.has(name.toLowerCase())) index.folded.set(name.toLowerCase(), info);
    const type = normalizeType(String(def.type ?? ''));
    const inner = depth + (type === 'foreach' || type === 'until' ? 1 : 0);
    if (def.actions) indexLevel(index, def.actions, path, inner);
    if (def.else?.actions) indexLevel(index, def.else.actions, path, inner);
    if (def.default?.actions) indexLevel(index, def.default.actions, path, inner);
    for (const c of Object.values(def.cases ?? {})) if (c?.actions) indexLevel(index, c.actions, path, inner);
  }
}

/** The handler of an action's type, found once per registry and action definition. */
const handlerCache = new WeakMap<ReadonlyMap<string, ActionHandler>, WeakMap<WorkflowAction, ActionHandler | null>>();

function handlerOf(registry: ReadonlyMap<string, ActionHandler>, def: WorkflowAction): ActionHandler | undefined {
  let byDef = handlerCache.get(registry);
  if (!byDef) handlerCache.set(registry, (byDef = new WeakMap()));
  let handler = byDef.get(def);
  if (handler === undefined) {
    handler = registry.get(normalizeType(String(def.type ?? ''))) ?? null;
    byDef.set(def, handler);
  }
  return handler ?? undefined;
}
