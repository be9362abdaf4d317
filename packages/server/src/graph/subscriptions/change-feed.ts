import { randomUUID } from 'node:crypto';
import type { Alert } from '../../alerts/alert-schema.ts';
import { alertV2ToLegacy } from '../../alerts/legacy-v1.ts';
import { formatTimestamp } from '../../common/timestamp.ts';
import { matchesFilter } from '../../domain/odata/index.ts';
import type { SecurityEvent } from '../../events/security-events.ts';
import type { Incident } from '../../incidents/incident-schema.ts';
import { toGraphIncident } from '../graph-incident.ts';
import { streamOf } from './notification-deliverer.ts';
import type { SubscribedResource, ResourceKind } from './subscribed-resource.ts';
import { parseSubscribedResource, subscribable } from './subscribed-resource.ts';
import type { SubscriptionStore } from './subscription-store.ts';
import type { ChangeType, OutboxEntry, Subscription } from './subscription.ts';

interface Active {
  subscription: Subscription;
  resource: SubscribedResource;
  changeTypes: Set<string>;
}

/** One change to announce: which collection, what happened, and the item as Graph shows it. */
interface Change {
  kind: ResourceKind;
  changeType: ChangeType;
  id: string;
  item: () => Record<string, unknown>;
}

/**
 * Turns committed security events into queued change notifications for the subscriptions whose
 * resource, change types and `$filter` match. Holds the live subscriptions in memory.
 */
export class ChangeFeed {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly store: SubscriptionStore,
    private readonly options: { clock: () => Date; tenantId: string; origin: string; onQueued: () => void },
  ) {
    for (const subscription of store.list()) {
      try {
        this.track(subscription);
      } catch {
        // A stored resource this version no longer accepts: it stays listed (and expires) but never fires.
      }
    }
  }

  /** Starts (or refreshes) matching for a stored subscription. */
  track(subscription: Subscription): void {
    this.active.set(subscription.id, {
      subscription,
      resource: parseSubscribedResource(subscription.resource),
      changeTypes: new Set(subscription.changeType.split(',').map((c) => c.trim())),
    });
  }

  forget(id: string): void {
    this.active.delete(id);
  }

  /** Handles one event from the security event bus. */
  onEvent(event: SecurityEvent): void {
    const changes = changesOf(event, this.options.origin);
    if (changes.length === 0 || this.active.size === 0) return;
    const now = this.options.clock();
    const stamp = formatTimestamp(now);
    const entries: Omit<OutboxEntry, 'seq' | 'attempts'>[] = [];
    for (const change of changes) {
      let item: Record<string, unknown> | undefined;
      for (const { subscription, resource, changeTypes } of this.active.values()) {
        if (resource.kind !== change.kind || !changeTypes.has(change.changeType)) continue;
        if (Date.parse(subscription.expirationDateTime) <= now.getTime()) continue;
        item ??= change.item();
        if (resource.filter && !matchesFilter(resource.filter, item)) continue;
        const path = `${subscribable[change.kind].set.path}/${change.id}`;
        entries.push({
          stream: streamOf(subscription.id, 'change'),
          subscriptionId: subscription.id,
          targetUrl: subscription.notificationUrl,
          kind: 'change',
          enqueuedAt: stamp,
          nextAttemptAt: stamp,
          payload: {
            id: randomUUID(),
            subscriptionId: subscription.id,
            subscriptionExpirationDateTime: subscription.expirationDateTime,
            changeType: change.changeType,
            resource: path,
            resourceData: { '@odata.type': subscribable[change.kind].odataType, '@odata.id': path, id: change.id },
            clientState: subscription.clientState,
            tenantId: this.options.tenantId,
          },
        });
      }
    }
    if (entries.length === 0) return;
    this.store.enqueue(entries);
    this.options.onQueued();
  }
}

function changesOf(event: SecurityEvent, origin: string): Change[] {
  const alertChanges = (alert: Alert, changeType: ChangeType): Change[] => [
    { kind: 'alerts_v2', changeType, id: alert.id, item: () => alert as unknown as Record<string, unknown> },
    { kind: 'alerts', changeType, id: alert.id, item: () => alertV2ToLegacy(alert) },
  ];
  const incidentChange = (incident: Incident, changeType: ChangeType): Change[] => [
    { kind: 'incidents', changeType, id: incident.id, item: () => toGraphIncident(incident, [], origin) },
  ];
  switch (event.type) {
    case 'alert.created':
      return alertChanges(event.alert, 'created');
    case 'alert.updated':
      return alertChanges(event.alert, 'updated');
    // Matched against the alert as it was; the notification names it only (resourceData is always
    // @odata.type, @odata.id and id), as Graph's deleted notifications do.
    case 'alert.deleted':
      return alertChanges(event.alert, 'deleted');
    case 'incident.created':
      return incidentChange(event.incident, 'created');
    case 'incident.deleted':
      return incidentChange(event.incident, 'deleted');
    case 'incident.updated':
    case 'incident.comment.created':
    case 'incident.task.created':
    case 'incident.task.updated':
      return incidentChange(event.incident, 'updated');
    default:
      return [];
  }
}
