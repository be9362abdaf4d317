import { nextOccurrence, type Recurrence } from '@riposte/engine';
import { stableGuid } from '../domain/sentinel-payloads/index.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { Playbook } from '../playbooks/playbook-store.ts';
import { firstTrigger } from '../playbooks/trigger-kind.ts';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Fires Recurrence-trigger playbooks (Logic Apps semantics through the engine's nextOccurrence).
 * Durable: each playbook's next fire time is stored; a tick starts a run whose id is derived from
 * (playbook, fire time), so a restart between starting the run and storing the next time neither
 * loses the tick nor starts it twice. Ticks missed while the server was down fire once at start.
 */
export class RecurrenceScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly playbooks: PlaybookService,
    private readonly now: () => Date,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Schedules every enabled Recurrence playbook and follows later changes. */
  start(): () => void {
    const off = this.playbooks.onChange((p) => void this.schedule(p.id).catch(this.onError));
    for (const p of this.playbooks.store.list({ triggerKind: 'recurrence', enabledOnly: true })) void this.schedule(p.id).catch(this.onError);
    return () => {
      off();
      this.stop();
    };
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private recurrenceOf(playbook: Playbook): Recurrence | undefined {
    const version = this.playbooks.currentVersion(playbook);
    return (firstTrigger(version.definition)?.trigger.recurrence as Recurrence | undefined) ?? undefined;
  }

  /** (Re)computes a playbook's schedule: fires a due tick, stores the next one and arms a timer. */
  async schedule(playbookId: string): Promise<void> {
    clearTimeout(this.timers.get(playbookId));
    this.timers.delete(playbookId);
    if (this.stopped) return;
    const playbook = this.playbooks.store.get(playbookId);
    if (!playbook || !playbook.enabled || playbook.triggerKind !== 'recurrence') {
      if (playbook) this.playbooks.store.setNextFireTime(playbookId, undefined);
      return;
    }
    const recurrence = this.recurrenceOf(playbook);
    if (!recurrence) return;
    const now = this.now();
    let due = this.playbooks.store.nextFireTime(playbookId);
    if (!due) {
      due = nextOccurrence(recurrence, now).toISOString();
      this.playbooks.store.setNextFireTime(playbookId, due);
    }
    if (Date.parse(due) <= now.getTime()) {
      await this.fire(playbook, due, recurrence);
      return this.schedule(playbookId);
    }
    const wait = Math.min(Date.parse(due) - now.getTime(), MAX_TIMER_MS);
    const timer = setTimeout(() => void this.schedule(playbookId).catch(this.onError), wait);
    timer.unref?.();
    this.timers.set(playbookId, timer);
  }

  private async fire(playbook: Playbook, due: string, recurrence: Recurrence): Promise<void> {
    const runId = stableGuid('recurrence', playbook.id, due);
    await this.playbooks.startOnce(playbook, { runId, triggerOutputs: { headers: {}, body: null, scheduledTime: due }, startedBy: 'recurrence' });
    const next = nextOccurrence(recurrence, new Date(Math.max(Date.parse(due), this.now().getTime()))).toISOString();
    this.playbooks.store.advanceFireTime(playbook.id, due, next);
  }
}
