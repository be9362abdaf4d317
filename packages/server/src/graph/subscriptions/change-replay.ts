import { formatTimestamp, timestampMillis } from '../../common/timestamp.ts';
import type { SecurityEvent } from '../../events/security-events.ts';
import type { SecurityReads } from '../../store/security-store.ts';
import type { AuditedChange } from './audited-changes.ts';
import { changesSince } from './audited-changes.ts';
import type { SubscriptionStore } from './subscription-store.ts';

/**
 * How a start after an unclean stop finds the changes whose notifications may never have been
 * queued. A change reads the clock for its timestamps (and its audit entry's `at`), commits, and is
 * then announced; the change feed queues it synchronously in the event handler. `settleMs` bounds the
 * time from reading the clock to the announcement (waiting behind other transactions, the commit and
 * its fsync). Under that bound a change lost by a crash is stamped after `mark - settleMs`, where
 * `mark` is the last time recorded by `HandledMark`; and an audit entry stamped before
 * `mark - 2 × settleMs` was written before every such change, so reading the log newest first can
 * stop there.
 */
export interface ReplayPolicy {
  /** Longest time from a change reading the clock to its event reaching the change feed (default 2 minutes). */
  settleMs: number;
  /** How often a running process records the handled mark (default 1 s). */
  markEveryMs: number;
}

export const defaultReplayPolicy: ReplayPolicy = { settleMs: 120_000, markEveryMs: 1_000 };

/** Where a replay starts reading the audit log, for the last recorded handled mark. */
export function replayStart(mark: string, settleMs: number): string {
  return formatTimestamp(new Date(timestampMillis(mark) - 2 * settleMs));
}

/**
 * Records, now and then, the time up to which every announced change has reached the outbox. The
 * recording runs in its own turn of the event loop, when no event handler is midway, so every event
 * emitted before that time has been handled — and nothing is added to the path of a change.
 */
export class HandledMark {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: SubscriptionStore,
    private readonly clock: () => Date,
    private readonly everyMs: number,
  ) {}

  record(): void {
    this.store.markHandled(formatTimestamp(this.clock()));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.record(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * Announces again, to `announce` (the change feed, not the event bus: nothing else must see them),
 * every alert and incident change the audit log holds from `since` on, oldest first: a created or
 * updated item as it is now (skipped when it has been deleted since), a deleted one as it was.
 * Resolves with how many changes it announced.
 */
export async function replayChanges(
  reads: Pick<SecurityReads, 'listAudit' | 'getAlert' | 'getIncident'>,
  since: string,
  announce: (event: SecurityEvent) => void,
): Promise<number> {
  let announced = 0;
  for (const change of await changesSince(reads, since)) {
    const event = await eventOf(reads, change);
    if (!event) continue;
    announce(event);
    announced++;
  }
  return announced;
}

const actor = 'system:change-replay';

async function eventOf(reads: Pick<SecurityReads, 'getAlert' | 'getIncident'>, change: AuditedChange): Promise<SecurityEvent | undefined> {
  if (change.changeType === 'deleted') {
    return change.kind === 'alert' ? { type: 'alert.deleted', alert: change.before, actor } : { type: 'incident.deleted', incident: change.before, alertIds: change.alertIds, actor };
  }
  if (change.kind === 'alert') {
    const alert = await reads.getAlert(change.id);
    if (!alert) return undefined;
    return change.changeType === 'created' ? { type: 'alert.created', alert, actor } : { type: 'alert.updated', alert, before: alert, changes: [], actor };
  }
  const incident = await reads.getIncident(change.id);
  if (!incident) return undefined;
  return change.changeType === 'created' ? { type: 'incident.created', incident, actor } : { type: 'incident.updated', incident, before: incident, changes: [], actor };
}
