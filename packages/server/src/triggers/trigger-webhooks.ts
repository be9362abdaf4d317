import type { ConnectorWebhookOperation } from '@riposte/engine';
import { defineConnector, type DescribedConnector } from '../connectors/sdk/index.ts';

/**
 * A trigger subscription Riposte fires itself: the event wiring (automation rules, alert triggers,
 * workflow automations) starts the run with the payload Azure would send, so subscribing has
 * nothing to register outside.
 */
export function managedTrigger(id: string, summary: string, path: string): ConnectorWebhookOperation {
  return { id, summary, method: 'post', path, subscribe: async () => ({ subscriptionId: `riposte:${id}` }) };
}

/** The Sentinel triggers of the azuresentinel API: incident, alert and entity. */
export const sentinelTriggers: ConnectorWebhookOperation[] = [
  managedTrigger('azuresentinel.incidentTrigger', 'Microsoft Sentinel incident (started by automation rules)', '/incident-creation'),
  managedTrigger('azuresentinel.alertTrigger', 'Microsoft Sentinel alert (started on new alerts)', '/subscribe'),
  managedTrigger('azuresentinel.entityTrigger', 'Microsoft Sentinel entity (started by hand)', '/entity/{kind}'),
];

/** `ascalert`: the Defender for Cloud alert trigger (started by workflow automations or on new alerts). */
export function defenderAlertTriggerConnector(): DescribedConnector {
  return defineConnector({
    api: 'ascalert',
    displayName: 'Microsoft Defender for Cloud alert trigger',
    operations: [],
    webhooks: [managedTrigger('ascalert.alertTrigger', 'When a Microsoft Defender for Cloud alert is created or triggered', '/Microsoft.Security/Alert/subscribe')],
  });
}
