import { alertClassifications, alertSchema, alertSeverities, alertStatuses } from '../alerts/alert-schema.ts';
import { alertSqlSchema } from '../store/alert-sql-schema.ts';
import type { EntitySet } from './entity-set.ts';
import { sameSpelling } from './filter-rewrite.ts';

/** GET /security/alerts_v2. Graph caps `$top` at 2000 there; without `$top` a page holds 100 alerts. */
export const alertsV2Set: EntitySet = {
  path: 'security/alerts_v2',
  typeName: 'microsoft.graph.security.alert',
  sql: alertSqlSchema,
  vocabulary: {
    status: sameSpelling(alertStatuses),
    severity: sameSpelling(alertSeverities),
    classification: sameSpelling(alertClassifications),
  },
  properties: Object.keys(alertSchema.shape).filter((k) => k !== '@odata.type'),
  defaultTop: 100,
  maxTop: 2000,
  defaultOrder: 'created_date_time DESC, {row} DESC',
  tieBreaker: '{row}',
};

/**
 * GET /security/alerts (legacy v1 shape): v1 property names over the same columns. Legacy statuses
 * and feedback are translated to what alert_v2 stores (`newAlert` → `new`, `benignPositive` →
 * `informationalExpectedActivity`); `dismissed` is stored as `resolved`.
 */
export const legacyAlertsSet: EntitySet = {
  path: 'security/alerts',
  typeName: 'microsoft.graph.alert',
  sql: {
    document: 'doc',
    properties: {
      id: { column: 'id', type: 'string' },
      title: { column: 'title', type: 'string' },
      severity: { column: 'severity', type: 'string' },
      status: { column: 'status', type: 'string' },
      feedback: { column: 'classification', type: 'string' },
      category: { column: 'category', type: 'string' },
      assignedTo: { column: 'assigned_to', type: 'string' },
      createdDateTime: { column: 'created_date_time', type: 'datetime' },
      lastModifiedDateTime: { column: 'last_update_date_time', type: 'datetime' },
      eventDateTime: { json: 'firstActivityDateTime', type: 'datetime' },
      closedDateTime: { json: 'resolvedDateTime', type: 'datetime' },
      azureTenantId: { json: 'tenantId', type: 'string' },
      description: { json: 'description', type: 'string' },
      'vendorInformation/provider': { column: 'service_source', type: 'string' },
      'vendorInformation/subProvider': { column: 'detection_source', type: 'string' },
      tags: { collection: 'systemTags', items: 'scalar' },
    },
  },
  vocabulary: {
    severity: sameSpelling(alertSeverities),
    status: { unknown: 'new', newalert: 'new', inprogress: 'inProgress', resolved: 'resolved', dismissed: 'resolved' },
    feedback: {
      unknown: 'unknown',
      truepositive: 'truePositive',
      falsepositive: 'falsePositive',
      benignpositive: 'informationalExpectedActivity',
    },
  },
  properties: [
    'id', 'activityGroupName', 'assignedTo', 'azureSubscriptionId', 'azureTenantId', 'category', 'closedDateTime', 'cloudAppStates',
    'comments', 'confidence', 'createdDateTime', 'description', 'detectionIds', 'eventDateTime', 'feedback', 'fileStates', 'hostStates',
    'incidentIds', 'lastModifiedDateTime', 'malwareStates', 'networkConnections', 'processes', 'recommendedActions', 'registryKeyStates',
    'securityResources', 'severity', 'sourceMaterials', 'status', 'tags', 'title', 'triggers', 'userStates', 'vendorInformation',
    'vulnerabilityStates',
  ],
  defaultTop: 100,
  maxTop: 1000,
  defaultOrder: 'created_date_time DESC, {row} DESC',
  tieBreaker: '{row}',
};
