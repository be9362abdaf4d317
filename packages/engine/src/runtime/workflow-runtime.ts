/**
 * WorkflowRuntime: starts runs, resumes unfinished ones after a restart, delivers webhook
 * callbacks, and reads run history. One instance per process; it batches the journal writes of
 * all its runs (see journal.ts) and holds a lease on every run it executes.
 */
import { randomUUID } from 'node:crypto';
import { actionHandlers } from '../actions/registry.ts';
import type { WorkflowDefinition } from '../definition/types.ts';
import {
  entryKey,
  REDACTED,
  RunStoreError,
  type ActionEntry,
  type NewRun,
  type RunEntry,
  type RunOrigin,
  type RunResponse,
  type RunStore,
} from '../store/run-store.ts';
import { isoAt, systemClock, type Clock } from './clock.ts';
import type { ConnectionResolver, ConnectorResolver, RunEnvironment, WorkflowResolver } from './environment.ts';
import { WorkflowError } from './errors.ts';
import { undiciHttpClient, type HttpClient } from './http-client.ts';
import { uuidV7 } from '../ids/uuid-v7.ts';
import { JournalWriter } from './journal.ts';
import { DEFAULT_LIMITS, type RunLimits } from './limits.ts';
import { isSecureParameter, resolveParameters } from './parameters.ts';
import { RunExecution, type RunResult } from './run-execution.ts';

export interface WorkflowRuntimeOptions {
  store: RunStore;
  connectors?: ConnectorResolver;
  /** Adds settings/credentials to the connection an ApiConnection action names (never journaled). */
  resolveConnection?: ConnectionResolver;
  /** Outbound HTTP of Http actions (wrap it to apply an egress policy). */
  http?: HttpClient;
  clock?: Clock;
  limits?: Partial<RunLimits>;
  /** Finds the definitions Workflow actions call. */
  resolveWorkflow?: WorkflowResolver;
  /** Base of callback URLs (listCallbackUrl, webhooks), e.g. "https://riposte.example/api". */
  callbackBaseUrl?: string;
  /** Called when a run's Response action answered (answer the waiting HTTP request with it). */
  onResponse?: (runId: string, response: RunResponse) => void;
  /** Lease owner id of this process (default: random). */
  owner?: string;
  leaseMs?: number;
  random?: () => number;
  guid?: () => string;
  /**
   * Ids of new runs (default: UUIDv7, increasing in creation order, so the journal's rows and
   * indexes append at their right edge instead of dirtying a random page per run).
   */
  newRunId?: () => string;
}

export interface StartRunInput {
  definition: WorkflowDefinition;
  workflowName?: string;
  /** What triggerBody() returns. */
  triggerBody?: unknown;
  /** The full trigger outputs ({ headers, body, queries, ... }); wins over triggerBody. */
  triggerOutputs?: { headers?: Record<string, string>; body?: unknown; [k: string]: unknown };
  parameters?: Record<string, unknown>;
  runId?: string;
  /** The stored workflow this run executes and who started it: journaled with the run's creation. */
  origin?: RunOrigin;
  /**
   * Start executing at once and let the run's creation join the journal's next batched commit
   * (with its first actions, often its end) instead of awaiting it first. For callers that
   * acknowledge the run later and flush() before they do — a Request trigger answers only after
   * the journal has the run. Nothing outside sees the run before then: every side-effecting
   * action flushes before its call. Ignored with an explicit runId (whose creation must detect
   * a duplicate at once).
   */
  deferCreate?: boolean;
  parentRunId?: string;
}

export interface RunHandle {
  runId: string;
  /** Resolves when the run finished (durably). */
  done: Promise<RunResult>;
  /** Resolves with the Response action's answer, or undefined when the run ended without one. */
  response: Promise<RunResponse | undefined>;
}

export interface RunHistory {
  run: RunEntry;
  actions: ActionEntry[];
}

export class WorkflowRuntime {
  private readonly env: RunEnvironment;
  private readonly active = new Map<string, Promise<RunResult>>();
  private readonly responseWaiters = new Map<string, (r: RunResponse | undefined) => void>();
  private readonly callbackWaiters = new Map<string, (payload: unknown) => void>();
  private readonly earlyCallbacks = new Map<string, unknown>();
  private readonly owner: string;
  private readonly newRunId: () => string;
  private readonly leaseMs: number;
  private leaseTimer?: ReturnType<typeof setInterval>;

  constructor(private readonly options: WorkflowRuntimeOptions) {
    this.owner = options.owner ?? `runtime-${randomUUID()}`;
    this.newRunId = options.newRunId ?? uuidV7;
    this.leaseMs = options.leaseMs ?? 60_000;
    const base = (options.callbackBaseUrl ?? 'http://localhost/runtime').replace(/\/$/, '');
    this.env = {
      store: options.store,
      journal: new JournalWriter(options.store),
      clock: options.clock ?? systemClock,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      http: options.http ?? undiciHttpClient,
      connectors: options.connectors,
      resolveConnection: options.resolveConnection,
      resolveWorkflow: options.resolveWorkflow,
      handlers: actionHandlers,
      random: options.random ?? Math.random,
      guid: options.guid ?? randomUUID,
      callbackUrl: (runId, path, iteration) => `${base}/runs/${encodeURIComponent(runId)}/callbacks/${encodeURIComponent(entryKey(path, iteration))}`,
      onResponse: (runId, response) => {
        this.responseWaiters.get(runId)?.(response);
        this.responseWaiters.delete(runId);
        this.options.onResponse?.(runId, response);
      },
      awaitCallback: (runId, key, signal) => this.awaitCallback(runId, key, signal),
      runChild: (childId, parentId, name, definition, trigger) => this.runChild(childId, parentId, name, definition, trigger),
    };
  }

  /** Creates the run durably (resolves after the journal has it, unless deferCreate) and starts executing it. */
  async start(input: StartRunInput): Promise<RunHandle> {
    const parameters = resolveParameters(input.definition, input.parameters);
    const runId = input.runId ?? this.newRunId();
    const now = isoAt(this.env.clock.now());
    const triggerName = Object.keys(input.definition.triggers ?? {})[0] ?? 'manual';
    const run: NewRun = {
      id: runId,
      workflowName: input.workflowName ?? 'workflow',
      definition: input.definition,
      trigger: { name: triggerName, outputs: input.triggerOutputs ?? { headers: {}, body: input.triggerBody ?? null }, startTime: now },
      parameters,
      startTime: now,
      ...(input.parentRunId ? { parentRunId: input.parentRunId } : {}),
      ...(input.origin ? { origin: input.origin } : {}),
      leaseOwner: this.owner,
      leaseUntil: new Date(this.env.clock.now() + this.leaseMs).toISOString(),
    };
    if (input.runId === undefined) {
      // A fresh random id cannot conflict, so its creation joins the next batched commit.
      this.env.journal.createRun(run);
      if (!input.deferCreate) await this.env.journal.flush();
    } else {
      await this.env.journal.flush();
      await this.env.store.createRun(run);
    }
    const response = new Promise<RunResponse | undefined>((resolve) => this.responseWaiters.set(runId, resolve));
    const done = this.execute(runId, run);
    return { runId, done, response };
  }

  /** Starts a run and waits for its end. */
  async run(input: StartRunInput): Promise<RunResult> {
    return (await this.start(input)).done;
  }

  /** Continues an unfinished run from its journal (or returns the result of a finished one). */
  resume(runId: string): Promise<RunResult> {
    return this.execute(runId);
  }

  /** Resumes every unfinished run of the store this process can claim (runs leased by another process are left to it); resolves when they all ended. */
  async resumeAll(): Promise<RunResult[]> {
    const ids = await this.env.store.listUnfinished(100_000);
    const settled = await Promise.allSettled(ids.map((id) => this.execute(id)));
    const results: RunResult[] = [];
    for (const s of settled) {
      if (s.status === 'fulfilled') results.push(s.value);
      else if (!(s.reason instanceof WorkflowError && s.reason.code === 'RunLeased')) throw s.reason;
    }
    return results;
  }

  /**
   * Hands a webhook callback to the action waiting for it (ApiConnectionWebhook). When the run is
   * not in memory the payload is journaled and taken up when the run resumes.
   */
  async deliverCallback(runId: string, actionPath: string, payload: unknown, iteration?: number[]): Promise<void> {
    // The callback URL carries "path#i,j" (see callbackUrl); accept that form as well.
    const key = iteration === undefined && actionPath.includes('#') ? actionPath : entryKey(actionPath, iteration ?? []);
    const waiter = this.callbackWaiters.get(`${runId}|${key}`);
    if (waiter) {
      this.callbackWaiters.delete(`${runId}|${key}`);
      waiter(payload);
      return;
    }
    const entry = (await this.env.store.listActions(runId)).find((e) => entryKey(e.path, e.iteration) === key);
    if (!entry || entry.status !== 'Waiting') {
      if (this.active.has(runId)) {
        this.earlyCallbacks.set(`${runId}|${key}`, payload);
        return;
      }
      throw new WorkflowError('RunNotWaiting', `run ${runId} has no action '${key}' waiting for a callback`);
    }
    const state = { ...((entry.state as Record<string, unknown> | undefined) ?? {}), callback: { payload } };
    await this.env.journal.flush();
    await this.env.store.commit([{ runId, actions: [{ ...entry, state }] }]);
    if (this.active.has(runId)) this.earlyCallbacks.set(`${runId}|${key}`, payload);
  }

  /** The run and every action execution of it, as history shows them (secure values redacted). */
  async history(runId: string): Promise<RunHistory> {
    await this.env.journal.flush();
    const run = await this.env.store.getRun(runId);
    if (!run) throw new WorkflowError('RunNotFound', `run ${runId} does not exist`);
    for (const name of Object.keys(run.parameters)) if (isSecureParameter(run.definition, name)) run.parameters[name] = REDACTED;
    return { run, actions: await this.env.store.listActions(runId) };
  }

  /** Waits for pending journal writes. */
  flush(): Promise<void> {
    return this.env.journal.flush();
  }

  private execute(runId: string, created?: NewRun): Promise<RunResult> {
    const running = this.active.get(runId);
    if (running) return running;
    const p = this.executeOnce(runId, created).finally(() => {
      this.active.delete(runId);
      this.responseWaiters.get(runId)?.(undefined);
      this.responseWaiters.delete(runId);
    });
    this.active.set(runId, p);
    return p;
  }

  /** Runs a run this runtime just created (`created`, lease already held) or one read back from the store. */
  private async executeOnce(runId: string, created?: NewRun): Promise<RunResult> {
    const { store } = this.env;
    let entry: NewRun & { response?: RunResponse } | undefined = created;
    if (!entry) {
      const stored = await store.getRun(runId);
      if (!stored) throw new WorkflowError('RunNotFound', `run ${runId} does not exist`);
      if (stored.status !== 'Running') return finished(stored);
      if (!(await store.claimRun(runId, this.owner, this.leaseMs, new Date(this.env.clock.now())))) {
        throw new WorkflowError('RunLeased', `run ${runId} is being executed by another process`);
      }
      entry = stored;
    }
    this.keepLeases();
    const prior = created ? [] : await (store.listActionsToResume ? store.listActionsToResume(runId) : store.listActions(runId));
    const execution = new RunExecution(entry, this.env, prior, entry.response);
    return execution.execute();
  }

  /** One timer renews the leases of every run in memory while there are any. */
  private keepLeases(): void {
    if (this.leaseTimer) return;
    this.leaseTimer = setInterval(() => {
      if (this.active.size === 0) {
        clearInterval(this.leaseTimer);
        this.leaseTimer = undefined;
        return;
      }
      const now = new Date(this.env.clock.now());
      for (const runId of this.active.keys()) this.env.store.claimRun(runId, this.owner, this.leaseMs, now).catch(() => {});
    }, Math.max(1_000, this.leaseMs / 3));
    this.leaseTimer.unref();
  }

  private awaitCallback(runId: string, key: string, signal: AbortSignal): Promise<unknown> {
    const id = `${runId}|${key}`;
    if (this.earlyCallbacks.has(id)) {
      const payload = this.earlyCallbacks.get(id);
      this.earlyCallbacks.delete(id);
      return Promise.resolve(payload);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.callbackWaiters.delete(id);
        reject(signal.reason);
      };
      // The run's signal outlives this wait: a delivered callback takes its listener off again.
      this.callbackWaiters.set(id, (payload) => {
        signal.removeEventListener('abort', onAbort);
        resolve(payload);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async runChild(childId: string, parentId: string, name: string, definition: WorkflowDefinition, trigger: { headers?: Record<string, string>; body?: unknown }) {
    const existing = await this.env.store.getRun(childId);
    let result: RunResult;
    if (existing) result = await this.execute(childId);
    else {
      const parent = await this.env.store.getRun(parentId);
      const connections = parent?.parameters.$connections;
      const parameters = connections !== undefined && definition.parameters?.$connections ? { $connections: connections } : {};
      try {
        result = await (await this.start({ definition, workflowName: name, triggerOutputs: { headers: trigger.headers ?? {}, body: trigger.body ?? null }, parameters, runId: childId, parentRunId: parentId })).done;
      } catch (err) {
        if (err instanceof RunStoreError && err.code === 'Conflict') result = await this.execute(childId);
        else throw err;
      }
    }
    return { status: result.status, ...(result.response ? { response: result.response } : {}), error: result.error };
  }
}

function finished(entry: RunEntry): RunResult {
  return {
    runId: entry.id,
    status: entry.status,
    outputs: entry.outputs ?? {},
    error: entry.error ?? null,
    ...(entry.response ? { response: entry.response } : {}),
  };
}
