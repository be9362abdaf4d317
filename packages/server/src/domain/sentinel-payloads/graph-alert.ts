import type { PayloadEntity } from './entities.ts';
import type { PayloadAlert } from './incident-trigger.ts';

/** The fields of a Graph `alert_v2` (microsoft.graph.security.alert) that Sentinel payloads need. */
export interface GraphAlertLike {
  id: string;
  title: string;
  description?: string | null;
  severity: string;
  status?: string | null;
  serviceSource?: string | null;
  detectionSource?: string | null;
  detectorId?: string | null;
  providerAlertId?: string | null;
  category?: string | null;
  mitreTechniques?: string[] | null;
  recommendedActions?: string | null;
  alertWebUrl?: string | null;
  createdDateTime?: string | null;
  firstActivityDateTime?: string | null;
  lastActivityDateTime?: string | null;
  actorDisplayName?: string | null;
}

// Graph serviceSource → the ProductName Sentinel gives alerts of that product.
const productNames: Record<string, string> = {
  microsoftdefenderforendpoint: 'Microsoft Defender Advanced Threat Protection',
  microsoftdefenderforcloud: 'Azure Security Center',
  microsoftdefenderforidentity: 'Azure Advanced Threat Protection',
  microsoftdefenderforoffice365: 'Office 365 Advanced Threat Protection',
  microsoftdefenderforcloudapps: 'Microsoft Cloud App Security',
  azureadidentityprotection: 'Azure Active Directory Identity Protection',
  microsoftentraidprotection: 'Azure Active Directory Identity Protection',
  microsoft365defender: 'Microsoft 365 Defender',
  microsoftsentinel: 'Azure Sentinel',
  microsoftappgovernance: 'Microsoft App Governance',
  microsoftdatalossprevention: 'Microsoft Data Loss Prevention',
};

const severities: Record<string, string> = { informational: 'Informational', low: 'Low', medium: 'Medium', high: 'High' };
const statuses: Record<string, string> = { new: 'New', inprogress: 'InProgress', resolved: 'Resolved' };

/**
 * The Sentinel view of a Graph alert, for incident and alert trigger payloads: Graph's lower-case
 * enums become Sentinel's spellings, serviceSource becomes the ProductName, category the tactic.
 * For Sentinel's own alerts, the detector id is the analytic rule id.
 */
export function payloadAlertFromGraphAlert(alert: GraphAlertLike, entities: PayloadEntity[] = []): PayloadAlert {
  const source = (alert.serviceSource ?? '').toLowerCase();
  return {
    systemAlertId: alert.id,
    alertDisplayName: alert.title,
    description: alert.description ?? '',
    severity: severities[alert.severity.toLowerCase()] ?? 'Informational',
    status: statuses[(alert.status ?? 'new').toLowerCase()] ?? 'New',
    productName: productNames[source] ?? (alert.serviceSource || 'Riposte'),
    providerAlertId: alert.providerAlertId ?? alert.id,
    vendorName: 'Microsoft',
    alertType: alert.detectorId ?? alert.category ?? alert.title,
    tactics: alert.category ? [alert.category] : [],
    techniques: alert.mitreTechniques ?? [],
    analyticRuleIds: source === 'microsoftsentinel' && alert.detectorId ? [alert.detectorId] : [],
    timeGenerated: alert.createdDateTime ?? undefined,
    startTimeUtc: alert.firstActivityDateTime ?? alert.createdDateTime ?? undefined,
    endTimeUtc: alert.lastActivityDateTime ?? alert.createdDateTime ?? undefined,
    remediationSteps: alert.recommendedActions ? [alert.recommendedActions] : [],
    alertLink: alert.alertWebUrl ?? undefined,
    compromisedEntity: alert.actorDisplayName ?? undefined,
    entities,
  };
}
