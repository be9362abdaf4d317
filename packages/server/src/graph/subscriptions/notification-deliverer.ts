import type { HttpClient } from '@riposte/engine';
import { formatTimestamp } from '../../common/timestamp.ts';
import type { SubscriptionStore } from './subscription-store.ts';
import type { OutboxEntry, Subscription } from './subscription.ts';
import { systemClock } from '@riposte/engine';

/** How hard the deliverer tries; plain data so tests and operators can see and change it. */
export interface DeliveryPolicy {
  /** Delay after the first failed attempt; doubles per attempt up to `maxDelayMs`. */
  firstRetryMs: number;
  maxDelayMs: number;
  /** A notification not delivered this long after it was queued is dropped (and `missed` sent). */
  giveUpAfterMs: number;
  /** Most notifications in one POST. */
  batchSize: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Longest idle wait between passes when nothing is due sooner. */
  pollMs: number;
}

/** Graph retries for up to four hours; so do we, from 10 s doubling to 30 min between attempts. */
export const defaultDeliveryPolicy: DeliveryPolicy = {
  firstRetryMs: 10_000,
  maxDelayMs: 30 * 60_000,
  giveUpAfterMs: 4 * 60 * 60_000,
  batchSize: 50,
  timeoutMs: 10_000,
  pollMs: 1000,
};

/** The delay before attempt `attempts + 1`, given `attempts` failures so far (≥ 1). */
export function retryDelay(policy: DeliveryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

export interface DelivererOptions {
  store: SubscriptionStore;
  http: HttpClient;
  clock: () => Date;
  /** Waits; tests pass one that resolves at once. */
  sleep?: (ms: number, wake: AbortSignal) => Promise<void>;
  policy?: Partial<DeliveryPolicy>;
  tenantId: string;
  /** Called when a subscription expired and was removed (so caches can drop it). */
  onRemoved?: (subscription: Subscription) => void;
  onError?: (error: unknown) => void;
}

// The engine's clock sleeps without leaving its listener on the wake signal, which lives across
// many sleeps (every idle poll would leave one behind otherwise); a wake ends the sleep early.
export const realSleep = (ms: number, wake: AbortSignal): Promise<void> => systemClock.sleep(ms, wake).catch(() => {});

/** A lifecycle notification's `value` element (Graph: subscriptionRemoved, missed, …). */
export function lifecycleNotice(subscription: Subscription, event: 'subscriptionRemoved' | 'missed', tenantId: string): Record<string, unknown> {
  return {
    subscriptionId: subscription.id,
    subscriptionExpirationDateTime: subscription.expirationDateTime,
    tenantId,
    clientState: subscription.clientState,
    lifecycleEvent: event,
  };
}

/** The outbox stream a notification travels in: per subscription, lifecycle notices apart. */
export function streamOf(subscriptionId: string, kind: OutboxEntry['kind']): string {
  return `${subscriptionId}:${kind}`;
}

/**
 * Delivers the outbox: per stream, the oldest pending notifications in one POST `{"value": [...]}`;
 * a failure defers the whole stream (order is kept) with exponential back-off; past the give-up age
 * the batch is dropped and a `missed` lifecycle notice queued. Also removes expired subscriptions
 * with a `subscriptionRemoved` notice. State lives in the store, so a restart resumes where it was.
 */
export class NotificationDeliverer {
  readonly policy: DeliveryPolicy;
  private readonly sleep: NonNullable<DelivererOptions['sleep']>;
  private wake = new AbortController();
  private stopped = true;
  private loop: Promise<void> | undefined;
  private pass: Promise<number> | undefined;

  constructor(private readonly options: DelivererOptions) {
    this.policy = { ...defaultDeliveryPolicy, ...options.policy };
    this.sleep = options.sleep ?? realSleep;
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops the loop after the current pass. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** Asks the loop to look at the outbox now (new notifications were queued). */
  kick(): void {
    this.wake.abort();
  }

  /** One pass over expiries and due streams; resolves with the ms until something is next due. */
  tick(): Promise<number> {
    // Passes never overlap: a stream must not be posted twice at once.
    const next = (this.pass ?? Promise.resolve(0)).then(() => this.deliverDue());
    this.pass = next.catch(() => 0);
    return next;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let wait = this.policy.pollMs;
      try {
        wait = Math.min(wait, await this.tick());
      } catch (err) {
        this.options.onError?.(err);
      }
      if (this.stopped) break;
      // A kick during the pass means new work: look again at once.
      if (this.wake.signal.aborted) {
        this.wake = new AbortController();
        continue;
      }
      if (wait > 0) await this.sleep(wait, this.wake.signal);
      if (this.wake.signal.aborted) this.wake = new AbortController();
    }
  }

  private now(): Date {
    return this.options.clock();
  }

  private async deliverDue(): Promise<number> {
    const { store } = this.options;
    this.removeExpired();
    let soonest = Number.POSITIVE_INFINITY;
    for (const head of store.streamHeads()) {
      const now = this.now().getTime();
      const due = Date.parse(head.nextAttemptAt);
      if (due > now) {
        soonest = Math.min(soonest, due - now);
        continue;
      }
      const wait = await this.deliverStream(head.stream);
      if (wait !== undefined) soonest = Math.min(soonest, wait);
    }
    return Number.isFinite(soonest) ? soonest : this.policy.pollMs;
  }

  private removeExpired(): void {
    const { store, tenantId } = this.options;
    const now = formatTimestamp(this.now());
    for (const subscription of store.expired(now)) {
      store.delete(subscription.id);
      if (subscription.lifecycleNotificationUrl) {
        store.enqueue([lifecycleEntry(subscription, 'subscriptionRemoved', tenantId, now)]);
      }
      this.options.onRemoved?.(subscription);
    }
  }

  /** Posts one batch of a stream; returns the ms until its next attempt when it failed. */
  private async deliverStream(stream: string): Promise<number | undefined> {
    const { store, http } = this.options;
    const batch = store.batch(stream, this.policy.batchSize);
    const head = batch[0];
    if (!head) return undefined;
    let ok = false;
    try {
      const res = await http.send({
        method: 'POST',
        url: head.targetUrl,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: batch.map((e) => e.payload) }),
        timeoutMs: this.policy.timeoutMs,
      });
      ok = res.statusCode >= 200 && res.statusCode < 300;
    } catch {
      ok = false;
    }
    const seqs = batch.map((e) => e.seq);
    if (ok) {
      store.remove(seqs);
      return undefined;
    }
    const now = this.now();
    if (now.getTime() - Date.parse(head.enqueuedAt) >= this.policy.giveUpAfterMs) {
      store.remove(seqs);
      if (head.kind === 'change') this.queueMissed(head, formatTimestamp(now));
      return 0;
    }
    const delay = retryDelay(this.policy, head.attempts + 1);
    store.deferred(seqs, formatTimestamp(new Date(now.getTime() + delay)));
    return delay;
  }

  private queueMissed(head: OutboxEntry, now: string): void {
    const { store, tenantId } = this.options;
    const subscription = store.get(head.subscriptionId);
    if (!subscription?.lifecycleNotificationUrl) return;
    store.enqueue([lifecycleEntry(subscription, 'missed', tenantId, now)]);
  }
}

/** An outbox entry carrying a lifecycle notice to the subscription's lifecycleNotificationUrl. */
export function lifecycleEntry(subscription: Subscription, event: 'subscriptionRemoved' | 'missed', tenantId: string, now: string): Omit<OutboxEntry, 'seq' | 'attempts'> {
  return {
    stream: streamOf(subscription.id, 'lifecycle'),
    subscriptionId: subscription.id,
    targetUrl: subscription.lifecycleNotificationUrl!,
    kind: 'lifecycle',
    payload: lifecycleNotice(subscription, event, tenantId),
    enqueuedAt: now,
    nextAttemptAt: now,
  };
}
