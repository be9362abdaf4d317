/**
 * Batches journal writes: everything the runs of one runtime change between two turns of the event
 * loop is committed in one store transaction. A run's progress is therefore durable at the latest
 * one event-loop turn after it happened; callers that must know (before a side effect, before
 * acknowledging a new run, at the end of a run) await flush(), which joins the next batch instead
 * of committing on its own — so many runs reaching such a point together share one commit.
 */
import { entryKey, type ActionEntry, type NewRun, type RunChanges, type RunStore } from '../store/run-store.ts';

interface PendingRun {
  create?: NewRun;
  actions: Map<string, ActionEntry>;
  changes: Omit<RunChanges, 'actions' | 'runId' | 'create'>;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export class JournalWriter {
  private pending = new Map<string, PendingRun>();
  private waiters: Waiter[] = [];
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly store: RunStore) {}

  /** Queue the creation of a run; it is committed before any other change of that run. */
  createRun(run: NewRun): void {
    this.run(run.id).create = run;
    this.schedule();
  }

  /** Queue an action entry (a later write of the same path + iteration replaces it). */
  recordAction(runId: string, entry: ActionEntry): void {
    this.run(runId).actions.set(entryKey(entry.path, entry.iteration), entry);
    this.schedule();
  }

  /** Queue run-level changes (variables, response, timers, finish). */
  recordRun(runId: string, changes: Omit<RunChanges, 'actions' | 'runId' | 'create'>): void {
    Object.assign(this.run(runId).changes, changes);
    this.schedule();
  }

  /** Resolves when everything queued so far is durable. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.size === 0) return this.tail;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  private commitPending(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    this.waiters = [];
    if (this.pending.size === 0) {
      for (const w of waiters) this.tail.then(w.resolve, w.reject);
      return;
    }
    const batch: RunChanges[] = [];
    for (const [runId, p] of this.pending) {
      batch.push({ runId, ...(p.create ? { create: p.create } : {}), ...p.changes, actions: [...p.actions.values()] });
    }
    this.pending = new Map();
    const commit = this.tail.then(() => this.store.commit(batch));
    this.tail = commit.then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (err: unknown) => {
        this.failure = err;
        for (const w of waiters) w.reject(err);
        throw err;
      },
    );
    // A failed commit is reported to the waiters and to every later flush().
    this.tail.catch(() => {});
  }

  private run(runId: string): PendingRun {
    let p = this.pending.get(runId);
    if (!p) {
      p = { actions: new Map(), changes: {} };
      this.pending.set(runId, p);
    }
    return p;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.commitPending());
  }
}
