/** A Graph change-notification subscription as stored and shown (`microsoft.graph.subscription`). */
export interface Subscription {
  id: string;
  /** As posted, e.g. "security/alerts_v2?$filter=severity eq 'high'". */
  resource: string;
  /** Comma-separated: created, updated, deleted. */
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  includeResourceData: boolean;
  latestSupportedTlsVersion: string | null;
  notificationContentType: string;
  applicationId: string | null;
  /** The API key (actor) that created it. */
  creatorId: string;
}

/** The kinds of change a subscription may ask for. */
export const changeTypes = ['created', 'updated', 'deleted'] as const;
export type ChangeType = (typeof changeTypes)[number];

/** A notification waiting in the outbox: one change, or a lifecycle event. */
export interface OutboxEntry {
  seq: number;
  /** Entries of one stream are delivered in `seq` order, one batch at a time. */
  stream: string;
  subscriptionId: string;
  targetUrl: string;
  /** One element of the posted `value` array. */
  payload: Record<string, unknown>;
  kind: 'change' | 'lifecycle';
  enqueuedAt: string;
  attempts: number;
  nextAttemptAt: string;
}
