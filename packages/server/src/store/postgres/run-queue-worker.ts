import type { RunResult } from '@riposte/engine';
import type { PostgresRunStore } from './postgres-run-store.ts';

/** What the worker needs of a WorkflowRuntime: continuing a run it has leased. */
export interface RunResumer {
  resume(runId: string): Promise<RunResult>;
}

export interface RunQueueWorkerOptions {
  store: PostgresRunStore;
  runtime: RunResumer;
  /** Lease owner; must be the runtime's `owner`, so the runtime's own claim extends this lease. */
  owner: string;
  /** Lease length; the runtime renews leases of runs in memory, so use the runtime's `leaseMs`. */
  leaseMs: number;
  /** Most runs this worker executes at once (default 20). */
  concurrency?: number;
  /** Polls this often for expired leases and due timers, which send no notification (default 5 s). */
  pollMs?: number;
  onError?: (err: unknown) => void;
  /** The clock leases are compared with (default: the system clock); the runtime's, when it has one. */
  now?: () => Date;
}

/**
 * Takes runs nobody holds from the shared PostgreSQL queue and executes them on this process's
 * runtime: woken by NOTIFY when a run is enqueued or released, and by a poll for what sends no
 * notification (a crashed worker's expired leases, timers coming due).
 */
export class RunQueueWorker {
  private readonly active = new Set<Promise<unknown>>();
  private stopListening?: () => Promise<void>;
  private timer?: ReturnType<typeof setInterval>;
  private pumping = false;
  private again = false;
  private stopped = true;

  constructor(private readonly options: RunQueueWorkerOptions) {}

  /** Starts listening and takes what is already waiting; resolves once listening. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopListening = await this.options.store.onRunReady(() => this.pump());
    this.timer = setInterval(() => this.pump(), this.options.pollMs ?? 5_000);
    this.timer.unref();
    this.pump();
  }

  /** Stops taking runs and waits for the runs it is executing. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.stopListening?.();
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  /** Claims as many runs as there is room for; one pump at a time, re-run when asked meanwhile. */
  pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.fill()
      .catch((err) => this.options.onError?.(err))
      .finally(() => {
        this.pumping = false;
        if (this.again) {
          this.again = false;
          this.pump();
        }
      });
  }

  private async fill(): Promise<void> {
    const concurrency = this.options.concurrency ?? 20;
    while (!this.stopped && this.active.size < concurrency) {
      const room = concurrency - this.active.size;
      const ids = await this.options.store.claimReady(this.options.owner, this.options.leaseMs, { limit: room, now: this.options.now?.() ?? new Date() });
      for (const id of ids) {
        const run: Promise<unknown> = this.options.runtime
          .resume(id)
          .catch((err) => this.options.onError?.(err))
          .finally(() => {
            this.active.delete(run);
            this.pump();
          });
        this.active.add(run);
      }
      if (ids.length < room) return;
    }
  }
}
