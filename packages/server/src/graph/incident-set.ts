import type { SqlDialect } from '../domain/odata/index.ts';
import { incidentSeverities } from '../incidents/incident-schema.ts';
import type { EntitySet } from './entity-set.ts';
import { sameSpelling } from './filter-rewrite.ts';
import { storedClassification, storedIncidentStatus } from './graph-incident.ts';

/** GET /security/incidents: Graph property names over the incidents table. Pages of 50, `$top` up to 100. */
export const incidentsSet: EntitySet = {
  path: 'security/incidents',
  typeName: 'microsoft.graph.security.incident',
  sql: {
    document: 'doc',
    properties: {
      id: { column: 'id', type: 'string' },
      displayName: { column: 'title', type: 'string' },
      status: { column: 'status', type: 'string' },
      severity: { column: 'severity', type: 'string' },
      createdDateTime: { column: 'created_time_utc', type: 'datetime' },
      lastUpdateDateTime: { column: 'last_modified_time_utc', type: 'datetime' },
      assignedTo: {
        column: "COALESCE(json_extract(doc, '$.owner.userPrincipalName'), json_extract(doc, '$.owner.email'), json_extract(doc, '$.owner.assignedTo'))",
        type: 'string',
      },
      classification: { json: 'classification', type: 'string' },
      description: { json: 'description', type: 'string' },
    },
  },
  vocabulary: {
    status: storedIncidentStatus,
    severity: sameSpelling(incidentSeverities),
    classification: storedClassification,
  },
  properties: [
    'id', 'incidentWebUrl', 'redirectIncidentId', 'displayName', 'tenantId', 'createdDateTime', 'lastUpdateDateTime', 'assignedTo',
    'classification', 'determination', 'status', 'severity', 'customTags', 'systemTags', 'description', 'summary', 'comments', 'alerts',
  ],
  expandable: ['alerts'],
  defaultTop: 50,
  maxTop: 100,
  defaultOrder: 'created_time_utc DESC, {row} DESC',
  tieBreaker: '{row}',
};

/** The incidents set on PostgreSQL: the same properties, the assignee read with jsonb operators. */
const postgresIncidentsSet: EntitySet = {
  ...incidentsSet,
  sql: {
    ...incidentsSet.sql,
    properties: {
      ...incidentsSet.sql.properties,
      assignedTo: { column: "COALESCE(doc#>>'{owner,userPrincipalName}', doc#>>'{owner,email}', doc#>>'{owner,assignedTo}')", type: 'string' },
    },
  },
};

/** The incidents set whose raw SQL columns suit the store's dialect. */
export function incidentsSetFor(dialect: SqlDialect): EntitySet {
  return dialect === 'postgres' ? postgresIncidentsSet : incidentsSet;
}
