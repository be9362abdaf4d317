import type { EntitySqlSchema } from '../domain/odata/index.ts';
import { alertColumns, alertTable } from './alert-columns.ts';

const column = (property: keyof typeof alertColumns, type: 'string' | 'datetime') => ({ column: alertColumns[property], type });

/**
 * How the OData compiler reaches alert_v2 properties in the alerts table: indexed columns where
 * they exist, the JSON document otherwise. Stored timestamps are UTC with seven fractional digits
 * (common/timestamp.ts), so datetime parameters must be bound in that form to compare as text.
 */
export const alertSqlSchema: EntitySqlSchema = {
  document: alertTable.documentColumn,
  properties: {
    id: column('id', 'string'),
    providerAlertId: column('providerAlertId', 'string'),
    incidentId: column('incidentId', 'string'),
    status: column('status', 'string'),
    severity: column('severity', 'string'),
    classification: column('classification', 'string'),
    determination: column('determination', 'string'),
    serviceSource: column('serviceSource', 'string'),
    detectionSource: column('detectionSource', 'string'),
    detectorId: column('detectorId', 'string'),
    title: column('title', 'string'),
    category: column('category', 'string'),
    assignedTo: column('assignedTo', 'string'),
    createdDateTime: column('createdDateTime', 'datetime'),
    lastUpdateDateTime: column('lastUpdateDateTime', 'datetime'),
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
    comments: { collection: 'comments' },
    evidence: { collection: 'evidence' },
  },
};
