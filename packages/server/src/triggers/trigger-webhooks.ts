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

/**
 * `ascassessment` and `ascregulatorycomplianceassessment`: the Defender for Cloud recommendation and
 * regulatory-compliance triggers. Workflow automations on Assessments / RegulatoryComplianceAssessment
 * start these playbooks with the assessment payload.
 */
export function defenderAssessmentTriggerConnectors(): DescribedConnector[] {
  return [
    defineConnector({
      api: 'ascassessment',
      displayName: 'Microsoft Defender for Cloud recommendation trigger',
      operations: [],
      webhooks: [managedTrigger('ascassessment.assessmentTrigger', 'When a Microsoft Defender for Cloud recommendation is created or triggered', '/Microsoft.Security/Assessment/subscribe')],
    }),
    defineConnector({
      api: 'ascregulatorycomplianceassessment',
      displayName: 'Microsoft Defender for Cloud regulatory compliance trigger',
      operations: [],
      webhooks: [
        managedTrigger('ascregulatorycomplianceassessment.assessmentTrigger', 'When a regulatory compliance assessment is created or triggered', '/Microsoft.Security/RegulatoryComplianceAssessment/subscribe'),
      ],
    }),
  ];
}
