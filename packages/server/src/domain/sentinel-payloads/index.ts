export {
  buildAssessmentPayload,
  buildComplianceAssessmentPayload,
  type ComplianceAssessmentPayload,
  type PayloadComplianceAssessment,
  buildDefenderAlertPayload,
  buildSentinelAlertTriggerBody,
  type AssessmentPayload,
  type DefenderAlertPayload,
  type DefenderContext,
  type PayloadAssessment,
  type SentinelAlertTriggerBody,
} from './alert-payloads.ts';
export { extractEntities, pascalEntity, toAlertEntity, toRelatedEntity, type EntityListName, type PayloadEntity, type RelatedEntity } from './entities.ts';
export {
  buildIncidentTriggerBody,
  incidentArmId,
  type IncidentTriggerBody,
  type IncidentTriggerOptions,
  type PayloadAlert,
  type PayloadIncident,
} from './incident-trigger.ts';
export { armName, securityInsightsPrefix, stableGuid, type SentinelWorkspace } from './workspace.ts';
export { payloadAlertFromGraphAlert, type GraphAlertLike } from './graph-alert.ts';
export { buildEntityTriggerBody, entityKindOfTrigger, type EntityTriggerBody } from './entity-trigger.ts';
