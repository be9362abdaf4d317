import type { HttpClient } from '@riposte/engine';
import type { SecurityContext } from '../../app/security-context.ts';
import { createEgressHttpClient } from '../../connectors/http-egress/index.ts';
import { siblingDatabasePath } from '../store/sibling-database.ts';
import { ChangeFeed } from './change-feed.ts';
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
  /** Start the delivery loop when the app is ready (default true; tests drive `tick()` instead). */
  autoStart?: boolean;
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
    if (this.store.beginRun()) this.announceMissed(tenantId);
  }

  /**
   * The previous process stopped without closing: a change it committed just before may not have
   * reached the outbox (it is written after the commit). Graph's protocol for that is a `missed`
   * lifecycle notice, upon which the subscriber reads the resource again; every live subscription
   * with a lifecycleNotificationUrl gets one.
   */
  private announceMissed(tenantId: string): void {
    const now = this.clock();
    const stamp = formatTimestamp(now);
    const live = this.store.list().filter((s) => s.lifecycleNotificationUrl && Date.parse(s.expirationDateTime) > now.getTime());
    this.store.enqueue(live.map((s) => lifecycleEntry(s, 'missed', tenantId, stamp)));
  }

  start(): void {
    if (this.autoStart) this.deliverer.start();
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.deliverer.stop();
    await this.ownHttp?.close();
    this.store.endRun();
    this.store.close();
  }
}
