/**
 * The alert properties stored as real, indexed columns beside the JSON document, keyed by their
 * Graph property name. Query compilers (OData `$filter`/`$orderby`) translate property names
 * through this map; properties not listed here are only in the `doc` JSON column.
 */
export const alertColumns = {
  id: 'id',
  providerAlertId: 'provider_alert_id',
  incidentId: 'incident_id',
  status: 'status',
  severity: 'severity',
  classification: 'classification',
  determination: 'determination',
  serviceSource: 'service_source',
  detectionSource: 'detection_source',
  detectorId: 'detector_id',
  title: 'title',
  category: 'category',
  assignedTo: 'assigned_to',
  createdDateTime: 'created_date_time',
  lastUpdateDateTime: 'last_update_date_time',
} as const;

export type AlertColumnProperty = keyof typeof alertColumns;

/** The table the alert columns live in, and the column holding the whole alert_v2 JSON. */
export const alertTable = { name: 'alerts', documentColumn: 'doc' } as const;
