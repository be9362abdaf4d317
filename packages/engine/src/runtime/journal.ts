/**
 * Batches journal writes: everything the runs of one runtime change between two turns of the event
 * loop is committed in one store transaction. A run's progress is therefore durable at the latest
 * one event-loop turn after it happened, and always before any side effect that depends on it
 * starts (callers await flush() before calling out).
 */
import { entryKey, type ActionEntry, type RunChanges, type RunStore } from '../store/run-store.ts';

interface PendingRun {
  actions: Map<string, ActionEntry>;
  changes: Omit<RunChanges, 'actions' | 'runId'>;
}

export class JournalWriter {
  private pending = new Map<string, PendingRun>();
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly store: RunStore) {}

  /** Queue an action entry (a later write of the same path + iteration replaces it). */
  recordAction(runId: string, entry: ActionEntry): void {
    this.run(runId).actions.set(entryKey(entry.path, entry.iteration), entry);
    this.schedule();
  }

  /** Queue run-level changes (variables, response, timers, finish). */
  recordRun(runId: string, changes: Omit<RunChanges, 'actions' | 'runId'>): void {
    Object.assign(this.run(runId).changes, changes);
    this.schedule();
  }

  /** Commit everything queued so far; resolves when it is durable. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.size === 0) return this.tail;
    const batch: RunChanges[] = [];
    for (const [runId, p] of this.pending) batch.push({ runId, ...p.changes, actions: [...p.actions.values()] });
    this.pending = new Map();
    this.tail = this.tail.then(() =>
      this.store.commit(batch).catch((err: unknown) => {
        this.failure = err;
        throw err;
      }),
    );
    return this.tail;
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
    setImmediate(() => {
      this.scheduled = false;
      // A failed background commit surfaces at the next awaited flush of the run.
      this.flush().catch(() => {});
    });
  }
}
