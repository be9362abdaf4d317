import {
  entryKey,
  type ActionEntry,
  type NewRun,
  type RunChanges,
  type RunEntry,
  type RunQuery,
  type RunStore,
  type RunOrigin,
  type RunSummary,
  RunStoreError,
} from './run-store.ts';

/** Copies through JSON so callers never share objects with the store, as with a real database. */
function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function summary(r: RunEntry): RunSummary {
  return {
    id: r.id,
    workflowName: r.workflowName,
    status: r.status,
    startTime: r.startTime,
    ...(r.endTime ? { endTime: r.endTime } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.parentRunId ? { parentRunId: r.parentRunId } : {}),
    ...(r.origin ? { origin: r.origin } : {}),
  };
}

/** A RunStore in process memory, for tests and throw-away runs. */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunEntry>();
  private readonly actions = new Map<string, Map<string, ActionEntry>>();

  async createRun(run: NewRun): Promise<void> {
    if (this.runs.has(run.id)) throw new RunStoreError('Conflict', `run ${run.id} already exists`);
    this.insert(run);
  }

  private insert(run: NewRun): void {
    this.runs.set(run.id, { ...copy(run), status: 'Running' });
    this.actions.set(run.id, new Map());
  }

  async getRun(runId: string): Promise<RunEntry | undefined> {
    return copy(this.runs.get(runId));
  }

  async listActions(runId: string): Promise<ActionEntry[]> {
    return copy([...(this.actions.get(runId)?.values() ?? [])]);
  }

  async commit(changes: RunChanges[]): Promise<void> {
    const creating = new Set<string>();
    for (const c of changes) {
      if (c.create) {
        if (this.runs.has(c.create.id) || creating.has(c.create.id)) throw new RunStoreError('Conflict', `run ${c.create.id} already exists`);
        creating.add(c.create.id);
      } else if (!this.runs.has(c.runId) && !creating.has(c.runId)) throw new RunStoreError('NotFound', `run ${c.runId} does not exist`);
    }
    for (const c of changes) {
      if (c.create) this.insert(c.create);
      const run = this.runs.get(c.runId)!;
      const entries = this.actions.get(c.runId)!;
      for (const a of c.actions ?? []) {
        const key = entryKey(a.path, a.iteration);
        const next = copy(a);
        // Keep first-write order, like an insert followed by updates in a table.
        if (entries.has(key)) entries.set(key, next);
        else entries.set(key, next);
      }
      if (c.variables !== undefined) run.variables = copy(c.variables);
      if (c.wakeAt !== undefined) run.wakeAt = c.wakeAt ?? undefined;
      if (c.response !== undefined) run.response = copy(c.response);
      if (c.finish) {
        run.status = c.finish.status;
        run.endTime = c.finish.endTime;
        run.outputs = copy(c.finish.outputs);
        run.error = copy(c.finish.error ?? null);
        run.wakeAt = undefined;
        run.leaseOwner = undefined;
        run.leaseUntil = undefined;
      }
    }
  }

  async listRuns(query: RunQuery = {}): Promise<RunSummary[]> {
    return [...this.runs.values()]
      .filter(
        (r) =>
          (query.workflowName === undefined || r.workflowName === query.workflowName) &&
          (query.workflowId === undefined || r.origin?.workflowId === query.workflowId) &&
          (query.status === undefined || r.status === query.status) &&
          (query.before === undefined || r.startTime < query.before),
      )
      .sort((a, b) => b.startTime.localeCompare(a.startTime) || b.id.localeCompare(a.id))
      .slice(query.skip ?? 0, (query.skip ?? 0) + (query.limit ?? 50))
      .map((r) => copy(summary(r)));
  }

  async listUnfinished(limit = 1000): Promise<string[]> {
    return [...this.runs.values()]
      .filter((r) => r.status === 'Running')
      .sort((a, b) => a.startTime.localeCompare(b.startTime))
      .slice(0, limit)
      .map((r) => r.id);
  }

  async claimRun(runId: string, owner: string, leaseMs: number, now = new Date()): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || run.status !== 'Running') return false;
    if (run.leaseOwner && run.leaseOwner !== owner && run.leaseUntil && run.leaseUntil > now.toISOString()) return false;
    run.leaseOwner = owner;
    run.leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    return true;
  }

  async releaseRun(runId: string, owner: string): Promise<void> {
    const run = this.runs.get(runId);
    if (run && run.leaseOwner === owner) {
      run.leaseOwner = undefined;
      run.leaseUntil = undefined;
    }
  }

  async setOrigin(runId: string, origin: RunOrigin): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.origin = copy(origin);
    return true;
  }

  async close(): Promise<void> {}
}
