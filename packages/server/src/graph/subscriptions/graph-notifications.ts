import type { HttpClient } from '@riposte/engine';
import type { SecurityContext } from '../../app/security-context.ts';
import type { SecurityReads } from '../../store/security-store.ts';
import { createEgressHttpClient } from '../../connectors/http-egress/index.ts';
import { siblingDatabasePath } from '../store/sibling-database.ts';
import { ChangeFeed } from './change-feed.ts';
import type { ReplayPolicy } from './change-replay.ts';
import { defaultReplayPolicy, HandledMark, replayChanges, replayStart } from './change-replay.ts';
import { formatTimestamp } from '../../common/timestamp.ts';
import type { DeliveryPolicy } from './notification-deliverer.ts';
import { lifecycleEntry, NotificationDeliverer } from './notification-deliverer.ts';
import { SubscriptionStore } from './subscription-store.ts';

/** Settings of Graph change notifications; every one has a default. */
export interface GraphSubscriptionOptions {
  /** SQLite file for subscriptions and the outbox; default: graph-subscriptions.db beside the store's file (":memory:" for an in-memory store). */
  databasePath?: string;
  /** Outbound HTTP for validation and delivery; default: the egress-policy client (loopback allowed). */
  http?: HttpClient;
  clock?: () => Date;
  /** Injected wait of the delivery loop (tests resolve at once). */
  sleep?: (ms: number, wake: AbortSignal) => Promise<void>;
  delivery?: Partial<DeliveryPolicy>;
  /** How long the notificationUrl has to echo the validation token (Graph: 10 s). */
  validationTimeoutMs?: number;
  /** Where plain http notification URLs are accepted: only loopback hosts (default) or anywhere. */
  plainHttp?: 'loopback' | 'anywhere';
  /** Longest subscription lifetime in minutes (Graph's for security alerts: 43200, 30 days). */
  maxExpirationMinutes?: number;
  /** `tenantId` in notifications. */
  tenantId?: string;
  /** Start the delivery loop and the handled mark when the app is ready (default true; tests drive `tick()` instead). */
  autoStart?: boolean;
  /** The replay after an unclean stop (change-replay.ts). */
  replay?: Partial<ReplayPolicy>;
}

/** Subscriptions, their change feed and deliverer, wired to one app's security context. */
export class GraphNotifications {
  readonly store: SubscriptionStore;
  readonly feed: ChangeFeed;
  readonly deliverer: NotificationDeliverer;
  readonly http: HttpClient;
  readonly clock: () => Date;
  readonly validationTimeoutMs: number;
  readonly plainHttp: 'loopback' | 'anywhere';
  readonly maxExpirationMinutes: number;
  readonly autoStart: boolean;
  private readonly ownHttp: (HttpClient & { close(): Promise<void> }) | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly reads: Pick<SecurityReads, 'listAudit' | 'getAlert' | 'getIncident'>;
  private readonly tenantId: string;
  private readonly mark: HandledMark;
  /** Where the replay of the changes a crashed process may not have queued starts; set until start() ran it. */
  private replayFrom: string | undefined;

  constructor(ctx: SecurityContext, options: GraphSubscriptionOptions = {}) {
    this.store = SubscriptionStore.open(options.databasePath ?? siblingDatabasePath(ctx.store, 'graph-subscriptions.db'));
    this.clock = options.clock ?? ctx.clock;
    this.ownHttp = options.http ? undefined : createEgressHttpClient();
    this.http = options.http ?? this.ownHttp!;
    this.validationTimeoutMs = options.validationTimeoutMs ?? 10_000;
    this.plainHttp = options.plainHttp ?? 'loopback';
    this.maxExpirationMinutes = options.maxExpirationMinutes ?? 43_200;
    this.autoStart = options.autoStart ?? true;
    const tenantId = options.tenantId ?? '00000000-0000-0000-0000-000000000000';
    this.tenantId = tenantId;
    this.reads = ctx.store;
    this.deliverer = new NotificationDeliverer({
      store: this.store,
      http: this.http,
      clock: this.clock,
      sleep: options.sleep,
      policy: options.delivery,
      tenantId,
      onRemoved: (s) => this.feed.forget(s.id),
    });
    this.feed = new ChangeFeed(this.store, { clock: this.clock, tenantId, origin: '', onQueued: () => this.deliverer.kick() });
    this.unsubscribe = ctx.events.on('*', (event) => this.feed.onEvent(event));
    const policy = { ...defaultReplayPolicy, ...options.replay };
    // The mark is taken on the clock that stamps the changes (and their audit entries).
    this.mark = new HandledMark(this.store, ctx.clock, policy.markEveryMs);
    const unclean = this.store.beginRun();
    const handled = this.store.handledMark();
    // After an unclean stop the old mark stays until the replay has run: a crash during the replay
    // replays again from the same place.
    if (unclean && handled) this.replayFrom = replayStart(handled, policy.settleMs);
    else {
      // No mark: the previous process predates it, so there is nowhere to replay from.
      if (unclean) this.announceMissed();
      this.mark.record();
    }
  }

  /**
   * Graph's protocol for changes a subscriber may not have been told of is a `missed` lifecycle
   * notice, upon which it reads the resource again; each live subscription that has a
   * lifecycleNotificationUrl gets one.
   */
  private announceMissed(): void {
    const now = this.clock();
    const stamp = formatTimestamp(now);
    const live = this.store.list().filter((s) => s.lifecycleNotificationUrl && Date.parse(s.expirationDateTime) > now.getTime());
    this.store.enqueue(live.map((s) => lifecycleEntry(s, 'missed', this.tenantId, stamp)));
  }

  /**
   * Replays what a crashed process may not have queued (see change-replay.ts), then starts delivery.
   * A `missed` notice still goes to every subscription when the store could not be read.
   */
  async start(): Promise<void> {
    const from = this.replayFrom;
    if (from !== undefined) {
      try {
        // With no subscription there is no one to tell: the audit log is not read at all.
        if (this.store.list().length > 0) await replayChanges(this.reads, from, (event) => this.feed.onEvent(event));
      } catch {
        this.announceMissed();
      }
      this.replayFrom = undefined;
      this.mark.record();
    }
    if (this.autoStart) {
      this.deliverer.start();
      this.mark.start();
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.mark.stop();
    await this.deliverer.stop();
    await this.ownHttp?.close();
    // Closed before start() ran the replay (a start that failed): not a clean stop, so the next start replays.
    if (this.replayFrom === undefined) this.store.endRun();
    this.store.close();
  }
}
