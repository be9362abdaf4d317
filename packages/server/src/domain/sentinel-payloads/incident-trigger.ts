import type { AutomationIncident } from '../automation-rules/incident.ts';
import { toAlertEntity, toRelatedEntity, type PayloadEntity } from './entities.ts';
import { armName, securityInsightsPrefix, stableGuid, type SentinelWorkspace } from './workspace.ts';

/** An alert of an incident, with Sentinel's SecurityAlert field names (camelCase as in the incident API). */
export interface PayloadAlert {
  systemAlertId: string;
  alertDisplayName: string;
  description?: string | null;
  severity: string;
  status?: string;
  productName?: string;
  productComponentName?: string;
  providerAlertId?: string;
  vendorName?: string;
  alertType?: string;
  confidenceLevel?: string;
  tactics?: string[];
  techniques?: string[];
  analyticRuleIds?: string[];
  startTimeUtc?: string;
  endTimeUtc?: string;
  timeGenerated?: string;
  processingEndTime?: string;
  compromisedEntity?: string;
  remediationSteps?: string[];
  extendedProperties?: Record<string, unknown>;
  customDetails?: Record<string, string | string[]>;
  alertLink?: string;
  entities?: PayloadEntity[];
}

/** The incident a playbook is started for: the automation view plus the fields payloads carry. */
export interface PayloadIncident extends Omit<AutomationIncident, 'alerts' | 'entities'> {
  /** Incident name (GUID) or full ARM id. */
  id: string;
  incidentNumber: number;
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
  firstActivityTimeUtc?: string | null;
  lastActivityTimeUtc?: string | null;
  providerIncidentId?: string;
  alerts?: PayloadAlert[];
  entities?: PayloadEntity[];
  comments?: Array<{ id?: string; message: string; createdTimeUtc?: string; author?: Record<string, unknown> }>;
  bookmarks?: unknown[];
}

export interface IncidentTriggerOptions {
  /** 'Update' when the playbook runs for an automation rule on incident updates. */
  objectEventType?: 'Create' | 'Update';
  /** Link to the incident in Riposte's console (Sentinel puts a portal link here). */
  incidentUrl?: string;
  /** Who made the update, for `incidentUpdates.updatedBy` on Update events. */
  updatedBy?: { name: string; email?: string; objectId?: string; userPrincipalName?: string };
}

/** The Sentinel incident ARM id of an incident in a workspace. */
export function incidentArmId(incident: Pick<PayloadIncident, 'id'>, workspace: SentinelWorkspace): string {
  return incident.id.startsWith('/subscriptions/') ? incident.id : `${securityInsightsPrefix(workspace)}/Incidents/${incident.id}`;
}

/**
 * The body the Sentinel incident trigger (`/incident-creation`) hands a playbook: what
 * `triggerBody()?['object']?['properties']?[…]`, `…?['workspaceInfo']` and `…?['workspaceId']` read.
 */
export function buildIncidentTriggerBody(incident: PayloadIncident, workspace: SentinelWorkspace, options: IncidentTriggerOptions = {}) {
  const id = incidentArmId(incident, workspace);
  const name = armName(id);
  const objectEventType = options.objectEventType ?? 'Create';
  const entities = incident.entities ?? [];
  const alerts = incident.alerts ?? [];
  const tactics = incident.tactics ?? [...new Set(alerts.flatMap((a) => a.tactics ?? []))];
  const techniques = incident.techniques ?? [...new Set(alerts.flatMap((a) => a.techniques ?? []))];
  const alertProductNames = [...new Set([...(incident.alertProductNames ?? []), ...alerts.flatMap((a) => (a.productName ? [a.productName] : []))])];
  const relatedAnalyticRuleIds = incident.relatedAnalyticRuleIds ?? [...new Set(alerts.flatMap((a) => a.analyticRuleIds ?? []))];
  return {
    eventUniqueId: stableGuid(id, objectEventType, incident.lastModifiedTimeUtc),
    objectSchemaType: 'Incident',
    objectEventType,
    workspaceInfo: {
      SubscriptionId: workspace.subscriptionId,
      ResourceGroupName: workspace.resourceGroupName,
      WorkspaceName: workspace.workspaceName,
    },
    workspaceId: workspace.workspaceId,
    ...(objectEventType === 'Update' && options.updatedBy ? { incidentUpdates: { updatedBy: options.updatedBy } } : {}),
    object: {
      id,
      name,
      etag: `"${stableGuid(id, incident.lastModifiedTimeUtc)}"`,
      type: 'Microsoft.SecurityInsights/Incidents',
      properties: {
        title: incident.title,
        description: incident.description ?? '',
        severity: incident.severity,
        status: incident.status,
        ...(incident.classification ? { classification: incident.classification } : {}),
        ...(incident.classificationReason ? { classificationReason: incident.classificationReason } : {}),
        ...(incident.classificationComment ? { classificationComment: incident.classificationComment } : {}),
        owner: {
          objectId: incident.owner?.objectId ?? null,
          email: incident.owner?.email ?? null,
          assignedTo: incident.owner?.assignedTo ?? null,
          userPrincipalName: incident.owner?.userPrincipalName ?? null,
        },
        labels: (incident.labels ?? []).map((label) => ({ labelName: label.labelName, labelType: label.labelType ?? 'User' })),
        firstActivityTimeUtc: incident.firstActivityTimeUtc ?? incident.createdTimeUtc,
        lastActivityTimeUtc: incident.lastActivityTimeUtc ?? incident.createdTimeUtc,
        lastModifiedTimeUtc: incident.lastModifiedTimeUtc,
        createdTimeUtc: incident.createdTimeUtc,
        incidentNumber: incident.incidentNumber,
        additionalData: {
          alertsCount: alerts.length,
          bookmarksCount: incident.bookmarks?.length ?? 0,
          commentsCount: incident.comments?.length ?? 0,
          alertProductNames,
          tactics,
          techniques,
        },
        relatedAnalyticRuleIds,
        incidentUrl: options.incidentUrl ?? '',
        providerName: incident.providerName ?? 'Azure Sentinel',
        providerIncidentId: incident.providerIncidentId ?? String(incident.incidentNumber),
        alerts: alerts.map((alert) => alertResource(alert, workspace)),
        bookmarks: incident.bookmarks ?? [],
        relatedEntities: entities.map((entity, index) => toRelatedEntity(entity, workspace, index)),
        comments: (incident.comments ?? []).map((comment, index) => ({
          id: `${id}/Comments/${comment.id ?? stableGuid(id, 'comment', index)}`,
          name: comment.id ?? stableGuid(id, 'comment', index),
          type: 'Microsoft.SecurityInsights/Incidents/Comments',
          properties: { message: comment.message, createdTimeUtc: comment.createdTimeUtc ?? incident.lastModifiedTimeUtc, author: comment.author ?? {} },
        })),
      },
    },
  };
}

export type IncidentTriggerBody = ReturnType<typeof buildIncidentTriggerBody>;

/** An alert as the incident API nests it: an entity of kind SecurityAlert. */
function alertResource(alert: PayloadAlert, workspace: SentinelWorkspace) {
  return {
    id: `${securityInsightsPrefix(workspace)}/Entities/${alert.systemAlertId}`,
    name: alert.systemAlertId,
    type: 'Microsoft.SecurityInsights/Entities',
    kind: 'SecurityAlert',
    properties: {
      systemAlertId: alert.systemAlertId,
      alertDisplayName: alert.alertDisplayName,
      friendlyName: alert.alertDisplayName,
      description: alert.description ?? '',
      severity: alert.severity,
      status: alert.status ?? 'New',
      productName: alert.productName ?? 'Azure Sentinel',
      productComponentName: alert.productComponentName ?? '',
      vendorName: alert.vendorName ?? 'Microsoft',
      alertType: alert.alertType ?? '',
      providerAlertId: alert.providerAlertId ?? alert.systemAlertId,
      confidenceLevel: alert.confidenceLevel ?? 'Unknown',
      tactics: alert.tactics ?? [],
      techniques: alert.techniques ?? [],
      startTimeUtc: alert.startTimeUtc ?? alert.timeGenerated ?? '',
      endTimeUtc: alert.endTimeUtc ?? alert.timeGenerated ?? '',
      timeGenerated: alert.timeGenerated ?? '',
      processingEndTime: alert.processingEndTime ?? alert.timeGenerated ?? '',
      resourceIdentifiers: [{ type: 'LogAnalytics', workspaceId: workspace.workspaceId, subscriptionId: workspace.subscriptionId, resourceGroup: workspace.resourceGroupName }],
      additionalData: {
        ...(alert.analyticRuleIds?.length ? { 'Analytic Rule Ids': JSON.stringify(alert.analyticRuleIds.map(armName)) } : {}),
        ...(alert.customDetails ? { 'Custom Details': JSON.stringify(alert.customDetails) } : {}),
      },
      ...(alert.entities ? { entities: JSON.stringify(alert.entities.map(toAlertEntity)) } : {}),
    },
  };
}
