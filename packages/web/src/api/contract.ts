// What the console relies on in the API, as data: the server's tests check it against /openapi.json,
// so a renamed route or field fails there (naming the console) rather than in an analyst's browser.
import type {
  Alert,
  AlertPatch,
  Approval,
  AutomationRule,
  ConnectionPut,
  ConnectorInfo,
  IncidentComment,
  IncidentCreate,
  LedgerEntry,
  IncidentTask,
  IncidentView,
  ManualRun,
  MissingOperation,
  Playbook,
  PlaybookInput,
  PlaybookVersion,
  RecoveryPlan,
  RecoveryStep,
  RunStarted,
  TimelineEntry,
} from './types.ts';

/** Every operation RiposteClient calls, as OpenAPI names it. */
export const consoleOperations = [
  ['get', '/api/incidents'],
  ['post', '/api/incidents'],
  ['get', '/api/incidents/{id}'],
  ['patch', '/api/incidents/{id}'],
  ['delete', '/api/incidents/{id}'],
  ['post', '/api/incidents/{id}/comments'],
  ['post', '/api/incidents/{id}/tasks'],
  ['patch', '/api/incidents/{id}/tasks/{taskId}'],
  ['get', '/api/incidents/{id}/timeline'],
  ['get', '/api/alerts'],
  ['get', '/api/alerts/{id}'],
  ['patch', '/api/alerts/{id}'],
  ['get', '/api/approvals'],
  ['post', '/api/approvals/{id}/answer'],
  ['get', '/api/workflow-automations'],
  ['post', '/api/workflow-automations'],
  ['post', '/api/workflow-automations/{id}/enable'],
  ['post', '/api/workflow-automations/{id}/disable'],
  ['delete', '/api/workflow-automations/{id}'],
  ['get', '/api/automation-rules'],
  ['post', '/api/automation-rules'],
  ['get', '/api/automation-rules/{id}'],
  ['put', '/api/automation-rules/{id}'],
  ['delete', '/api/automation-rules/{id}'],
  ['get', '/api/playbooks'],
  ['post', '/api/playbooks'],
  ['get', '/api/playbooks/{id}'],
  ['post', '/api/playbooks/{id}/enable'],
  ['post', '/api/playbooks/{id}/disable'],
  ['delete', '/api/playbooks/{id}'],
  ['get', '/api/playbooks/{id}/versions'],
  ['get', '/api/playbooks/{id}/runs'],
  ['post', '/api/playbooks/{id}/runs'],
  ['get', '/api/runs/{runId}'],
  ['get', '/api/connectors'],
  ['get', '/api/connections'],
  ['put', '/api/connections/{name}'],
  ['delete', '/api/connections/{name}'],
  ['get', '/api/incidents/{id}/ledger'],
  ['post', '/api/incidents/{id}/recovery/plan'],
  ['post', '/api/incidents/{id}/recovery'],
  ['get', '/api/incidents/{id}/recovery'],
  ['get', '/api/recovery/{planId}'],
  ['post', '/api/recovery/{planId}/approve'],
  ['post', '/api/recovery/{planId}/run'],
] as const;

/**
 * The fields the console reads from each published schema. Incidents are checked on IncidentView
 * (what GET /api/incidents/{id} answers, and POST /api/incidents): it holds every Incident field.
 */
export const consoleSchemaFields = {
  IncidentView: ['alerts', 'alertCount', 'comments', 'tasks', 'id', 'number', 'title', 'description', 'severity', 'status', 'owner', 'labels', 'classification', 'lastActivityTimeUtc', 'lastModifiedTimeUtc', 'entities', 'phase', 'roles', 'objective', 'sla'],
  IncidentComment: ['id', 'message', 'createdTimeUtc', 'author'],
  IncidentTask: ['id', 'title', 'status', 'owner'],
  TimelineEntry: ['id', 'at', 'actor', 'action', 'field', 'before', 'after'],
  Alert: ['id', 'incidentId', 'title', 'severity', 'status', 'classification', 'determination', 'serviceSource', 'detectionSource', 'category', 'assignedTo', 'description', 'recommendedActions', 'createdDateTime', 'lastUpdateDateTime', 'resolvedDateTime', 'mitreTechniques', 'comments', 'evidence'],
  Approval: ['id', 'incidentId', 'runId', 'actionName', 'subject', 'body', 'importance', 'options', 'defaultOption', 'to', 'status', 'createdAt', 'expiresAt', 'answer'],
  ConnectorSummary: ['api', 'displayName', 'connection', 'operations', 'connections'],
  AutomationRule: ['id', 'name', 'properties'],
  Playbook: ['id', 'name', 'enabled', 'version', 'triggerKind', 'lastModifiedTimeUtc', 'missingOperations', 'notRunnable'],
  MissingOperation: ['pointer', 'api', 'method', 'path'],
  PlaybookVersion: ['version', 'current', 'createdTimeUtc', 'createdBy'],
  RunStarted: ['runId', 'status'],
  LedgerEntry: ['id', 'resource', 'api', 'operationId', 'request', 'beforeState', 'afterState', 'actor', 'status', 'createdAt', 'appliedAt', 'error', 'changeRequestId'],
  RecoveryPlan: ['id', 'status', 'force', 'createdAt', 'createdBy', 'approvedBy', 'approvedAt', 'startedAt', 'finishedAt', 'unappliedEntries', 'steps', 'diff', 'report'],
  RecoveryStep: ['position', 'ledgerEntryId', 'resource', 'operationId', 'current', 'restoreTo', 'conflict', 'restorable', 'status', 'verifiedState', 'error'],
} satisfies {
  IncidentView: (keyof IncidentView)[];
  IncidentComment: (keyof IncidentComment)[];
  IncidentTask: (keyof IncidentTask)[];
  TimelineEntry: (keyof TimelineEntry)[];
  Alert: (keyof Alert)[];
  Approval: (keyof Approval)[];
  ConnectorSummary: (keyof ConnectorInfo)[];
  AutomationRule: (keyof AutomationRule)[];
  Playbook: (keyof Playbook)[];
  MissingOperation: (keyof MissingOperation)[];
  PlaybookVersion: (keyof PlaybookVersion)[];
  RunStarted: (keyof RunStarted)[];
  LedgerEntry: (keyof LedgerEntry)[];
  RecoveryPlan: (keyof RecoveryPlan)[];
  RecoveryStep: (keyof RecoveryStep)[];
};

/** The body fields the console sends, by operation (checked against the schema its request body refers to). POST /api/approvals/{id}/answer
 * is left out: its body (`{option}`) is published inline, not as a named schema this check can read. */
export const consoleRequestFields = {
  'post /api/incidents': ['title', 'description', 'severity', 'labels'],
  'post /api/playbooks': ['name', 'definition', 'template'],
  'post /api/playbooks/{id}/runs': ['triggerBody', 'incidentId'],
  'patch /api/alerts/{id}': ['status', 'classification', 'determination', 'assignedTo', 'comments'],
} satisfies {
  'post /api/incidents': (keyof IncidentCreate)[];
  'post /api/playbooks': (keyof PlaybookInput)[];
  'post /api/playbooks/{id}/runs': (keyof ManualRun)[];
  'patch /api/alerts/{id}': (keyof AlertPatch)[];
};
