import { toAlertEntity } from './entities.ts';
import type { PayloadAlert } from './incident-trigger.ts';
import { armName, stableGuid, type SentinelWorkspace } from './workspace.ts';

/**
 * The body the Sentinel alert trigger (`/subscribe`) hands a playbook: the SecurityAlert record in
 * its PascalCase names, with `Entities` as a JSON string (what "Entities - Get …" parse) and the
 * workspace fields alert playbooks pass to "Alert - Get incident".
 */
export function buildSentinelAlertTriggerBody(alert: PayloadAlert, workspace: SentinelWorkspace) {
  const entities = (alert.entities ?? []).map(toAlertEntity);
  const generated = alert.timeGenerated ?? alert.startTimeUtc ?? '';
  return {
    SystemAlertId: alert.systemAlertId,
    AlertDisplayName: alert.alertDisplayName,
    AlertName: alert.alertDisplayName,
    AlertType: alert.alertType ?? alert.alertDisplayName,
    Description: alert.description ?? '',
    Severity: alert.severity,
    Status: alert.status ?? 'New',
    ConfidenceLevel: alert.confidenceLevel ?? 'Unknown',
    StartTimeUtc: alert.startTimeUtc ?? generated,
    EndTimeUtc: alert.endTimeUtc ?? generated,
    TimeGenerated: generated,
    ProcessingEndTime: alert.processingEndTime ?? generated,
    ProductName: alert.productName ?? 'Azure Sentinel',
    ProductComponentName: alert.productComponentName ?? 'Scheduled Alerts',
    ProviderName: 'ASI Scheduled Alerts',
    VendorName: alert.vendorName ?? 'Microsoft',
    VendorOriginalId: alert.providerAlertId ?? alert.systemAlertId,
    CompromisedEntity: alert.compromisedEntity ?? '',
    Intent: (alert.tactics ?? []).join(', '),
    Tactics: (alert.tactics ?? []).join(', '),
    Techniques: JSON.stringify(alert.techniques ?? []),
    RemediationSteps: JSON.stringify(alert.remediationSteps ?? []),
    AlertLink: alert.alertLink ?? '',
    ExtendedProperties: {
      ...(alert.analyticRuleIds?.length ? { 'Analytic Rule Ids': JSON.stringify(alert.analyticRuleIds.map(armName)) } : {}),
      ...(alert.customDetails ? { 'Custom Details': JSON.stringify(alert.customDetails) } : {}),
      ...(alert.extendedProperties ?? {}),
    },
    Entities: JSON.stringify(entities),
    WorkspaceId: workspace.workspaceId,
    WorkspaceSubscriptionId: workspace.subscriptionId,
    WorkspaceResourceGroup: workspace.resourceGroupName,
  };
}

export type SentinelAlertTriggerBody = ReturnType<typeof buildSentinelAlertTriggerBody>;

/** Where a Defender for Cloud alert was raised. */
export interface DefenderContext {
  subscriptionId: string;
  /** The Azure resource the alert is about, when there is one. */
  resourceId?: string;
  /** Link to the alert in Riposte's console (Defender puts a portal link here). */
  alertUri?: string;
}

/**
 * The body the Defender for Cloud alert trigger (`ascalert`) and workflow automations on Alerts
 * deliver: PascalCase alert fields (`Severity`, `AlertDisplayName`, …), entities as an array.
 */
export function buildDefenderAlertPayload(alert: PayloadAlert, context: DefenderContext) {
  const generated = alert.timeGenerated ?? alert.startTimeUtc ?? '';
  const resourceId = context.resourceId ?? `/subscriptions/${context.subscriptionId}`;
  return {
    SystemAlertId: alert.systemAlertId,
    AlertDisplayName: alert.alertDisplayName,
    AlertType: alert.alertType ?? alert.alertDisplayName,
    Description: alert.description ?? '',
    Severity: alert.severity,
    Status: alert.status ?? 'Active',
    Intent: (alert.tactics ?? []).join(','),
    StartTimeUtc: alert.startTimeUtc ?? generated,
    EndTimeUtc: alert.endTimeUtc ?? generated,
    TimeGenerated: generated,
    ProcessingEndTime: alert.processingEndTime ?? generated,
    ProductName: alert.productName ?? 'Azure Security Center',
    VendorName: alert.vendorName ?? 'Microsoft',
    ProviderName: 'Azure Security Center',
    CompromisedEntity: alert.compromisedEntity ?? armName(resourceId),
    ConfidenceLevel: alert.confidenceLevel ?? 'Unknown',
    IsIncident: false,
    AlertUri: context.alertUri ?? '',
    AzureResourceId: resourceId,
    ResourceIdentifiers: [{ $id: '1', AzureResourceId: resourceId, Type: 'AzureResource' }],
    RemediationSteps: alert.remediationSteps ?? [],
    ExtendedProperties: alert.extendedProperties ?? {},
    Entities: (alert.entities ?? []).map(toAlertEntity),
  };
}

export type DefenderAlertPayload = ReturnType<typeof buildDefenderAlertPayload>;

/** A security recommendation (Microsoft.Security/assessments), as workflow automations on Assessments receive it. */
export interface PayloadAssessment {
  /** The assessed resource's ARM id (or any resource identifier). */
  resourceId: string;
  /** Assessment key (GUID of the assessment type). */
  name: string;
  displayName: string;
  statusCode: 'Healthy' | 'Unhealthy' | 'NotApplicable';
  cause?: string;
  statusDescription?: string;
  severity: 'Low' | 'Medium' | 'High';
  assessmentType?: 'BuiltIn' | 'CustomPolicy' | 'CustomerManaged' | 'VerifiedPartner' | string;
  description?: string;
  remediationDescription?: string;
  categories?: string[];
  userImpact?: string;
  implementationEffort?: string;
  threats?: string[];
  additionalData?: Record<string, string>;
  portalUri?: string;
}

/** The assessment resource, with `properties.status.code` and `properties.metadata.severity` where rules look. */
export function buildAssessmentPayload(assessment: PayloadAssessment) {
  const id = `${assessment.resourceId.replace(/\/+$/, '')}/providers/Microsoft.Security/assessments/${assessment.name}`;
  return {
    id,
    name: assessment.name,
    type: 'Microsoft.Security/assessments',
    properties: {
      resourceDetails: { Source: 'Azure', Id: assessment.resourceId },
      displayName: assessment.displayName,
      status: {
        code: assessment.statusCode,
        ...(assessment.cause ? { cause: assessment.cause } : {}),
        ...(assessment.statusDescription ? { description: assessment.statusDescription } : {}),
      },
      additionalData: assessment.additionalData ?? {},
      links: { azurePortalUri: assessment.portalUri ?? '' },
      metadata: {
        displayName: assessment.displayName,
        assessmentType: assessment.assessmentType ?? 'BuiltIn',
        severity: assessment.severity,
        description: assessment.description ?? '',
        remediationDescription: assessment.remediationDescription ?? '',
        categories: assessment.categories ?? [],
        userImpact: assessment.userImpact ?? 'Low',
        implementationEffort: assessment.implementationEffort ?? 'Low',
        threats: assessment.threats ?? [],
        policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${stableGuid('policy', assessment.name)}`,
      },
    },
  };
}

export type AssessmentPayload = ReturnType<typeof buildAssessmentPayload>;

/** One assessment of a regulatory compliance control (Microsoft.Security/…/regulatoryComplianceAssessments). */
export interface PayloadComplianceAssessment {
  subscriptionId: string;
  /** Standard name, e.g. `Azure-CIS-1.1.0`. */
  standard: string;
  /** Control name, e.g. `1.1`. */
  control: string;
  /** Assessment name (GUID of the mapped assessment). */
  name: string;
  description: string;
  state: 'Passed' | 'Failed' | 'Skipped' | 'Unsupported';
  assessmentType?: string;
  assessmentDetailsLink?: string;
  passedResources?: number;
  failedResources?: number;
  skippedResources?: number;
  unsupportedResources?: number;
}

/** The regulatory compliance assessment resource, as automations on RegulatoryComplianceAssessment receive it. */
export function buildComplianceAssessmentPayload(assessment: PayloadComplianceAssessment) {
  return {
    id:
      `/subscriptions/${assessment.subscriptionId}/providers/Microsoft.Security/regulatoryComplianceStandards/${assessment.standard}` +
      `/regulatoryComplianceControls/${assessment.control}/regulatoryComplianceAssessments/${assessment.name}`,
    name: assessment.name,
    type: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments',
    properties: {
      description: assessment.description,
      assessmentType: assessment.assessmentType ?? 'Automated',
      assessmentDetailsLink: assessment.assessmentDetailsLink ?? '',
      state: assessment.state,
      passedResources: assessment.passedResources ?? 0,
      failedResources: assessment.failedResources ?? 0,
      skippedResources: assessment.skippedResources ?? 0,
      unsupportedResources: assessment.unsupportedResources ?? 0,
    },
  };
}

export type ComplianceAssessmentPayload = ReturnType<typeof buildComplianceAssessmentPayload>;
