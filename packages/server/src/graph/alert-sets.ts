import { alertClassifications, alertSchema, alertSeverities, alertStatuses } from '../alerts/alert-schema.ts';
import type { EntitySqlSchema } from '../domain/odata/index.ts';
import { alertColumns } from '../store/alert-columns.ts';
import type { EntitySet } from './entity-set.ts';
import { sameSpelling } from './filter-rewrite.ts';

const datetimeColumns = new Set(['createdDateTime', 'lastUpdateDateTime']);

/** alert_v2 properties: the indexed columns first, everything else read from the JSON document. */
const alertV2Sql: EntitySqlSchema = {
  document: 'doc',
  properties: {
    ...Object.fromEntries(
      Object.entries(alertColumns).map(([name, column]) => [name, { column, type: datetimeColumns.has(name) ? ('datetime' as const) : ('string' as const) }]),
    ),
    tenantId: { json: 'tenantId', type: 'string' },
    description: { json: 'description', type: 'string' },
    recommendedActions: { json: 'recommendedActions', type: 'string' },
    alertWebUrl: { json: 'alertWebUrl', type: 'string' },
    incidentWebUrl: { json: 'incidentWebUrl', type: 'string' },
    actorDisplayName: { json: 'actorDisplayName', type: 'string' },
    threatDisplayName: { json: 'threatDisplayName', type: 'string' },
    threatFamilyName: { json: 'threatFamilyName', type: 'string' },
    resolvedDateTime: { json: 'resolvedDateTime', type: 'datetime' },
    firstActivityDateTime: { json: 'firstActivityDateTime', type: 'datetime' },
    lastActivityDateTime: { json: 'lastActivityDateTime', type: 'datetime' },
    mitreTechniques: { collection: 'mitreTechniques', items: 'scalar' },
    systemTags: { collection: 'systemTags', items: 'scalar' },
    comments: { collection: 'comments', items: { comment: 'string', createdByDisplayName: 'string', createdDateTime: 'datetime' } },
    evidence: { collection: 'evidence' },
  },
};

/** GET /security/alerts_v2. Graph caps `$top` at 2000 there; without `$top` a page holds 100 alerts. */
export const alertsV2Set: EntitySet = {
  path: 'security/alerts_v2',
  typeName: 'microsoft.graph.security.alert',
  sql: alertV2Sql,
  vocabulary: {
    status: sameSpelling(alertStatuses),
    severity: sameSpelling(alertSeverities),
    classification: sameSpelling(alertClassifications),
  },
  properties: Object.keys(alertSchema.shape).filter((k) => k !== '@odata.type'),
  defaultTop: 100,
  maxTop: 2000,
  defaultOrder: 'created_date_time DESC, rowid DESC',
  tieBreaker: 'rowid',
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
  defaultOrder: 'created_date_time DESC, rowid DESC',
  tieBreaker: 'rowid',
};
