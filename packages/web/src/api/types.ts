// Thin client types for the parts of the Riposte API the console reads, written from the shapes
// /openapi.json publishes (Incident, IncidentView, IncidentComment, IncidentTask, TimelineEntry, …).
// The console talks to the server over HTTP only, so it never imports server code.

export const incidentSeverities = ['Informational', 'Low', 'Medium', 'High'] as const;
export const incidentStatuses = ['New', 'Active', 'Closed'] as const;
export const incidentPhases = ['Investigation', 'Containment', 'Eradication', 'Recovery', 'Resolved', 'Escalated'] as const;
export const incidentClassifications = ['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'] as const;
export const roleNames = ['lead', 'technical', 'legal', 'communications'] as const;

export type IncidentSeverity = (typeof incidentSeverities)[number];
export type IncidentStatus = (typeof incidentStatuses)[number];
export type IncidentPhase = (typeof incidentPhases)[number];
export type IncidentClassification = (typeof incidentClassifications)[number];
export type IncidentRoleName = (typeof roleNames)[number];

export interface ListResult<T> {
  value: T[];
  count?: number;
  nextLink?: string;
}

export interface IncidentOwner {
  objectId?: string | null;
  email?: string | null;
  assignedTo?: string | null;
  userPrincipalName?: string | null;
  ownerType?: string | null;
}

export interface IncidentSla {
  acknowledgeBy: string;
  recoverBy: string;
  acknowledgedAt: string | null;
  recoveredAt: string | null;
  acknowledgeBreached: boolean;
  recoveryBreached: boolean;
  warnings: string[];
}

export interface IncidentEntity {
  kind: string;
  key: string;
  friendlyName: string;
  properties: Record<string, unknown>;
}

export type IncidentRoles = Partial<Record<IncidentRoleName, string | null>>;

export interface Incident {
  id: string;
  number: number;
  title: string;
  description: string | null;
  severity: IncidentSeverity;
  status: IncidentStatus;
  owner: IncidentOwner;
  labels: { labelName: string; labelType: string }[];
  classification: IncidentClassification | null;
  classificationReason: string | null;
  classificationComment: string | null;
  firstActivityTimeUtc: string | null;
  lastActivityTimeUtc: string | null;
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
  entities: IncidentEntity[];
  phase: IncidentPhase;
  roles: IncidentRoles;
  scope: string[];
  objective: string | null;
  sla: IncidentSla;
}

// Graph's alert_v2 enumerations, as the server spells them (unknownFutureValue left out: never chosen).
export const alertStatuses = ['new', 'inProgress', 'resolved'] as const;
export const alertSeverities = ['informational', 'low', 'medium', 'high', 'unknown'] as const;
export const alertClassifications = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'] as const;
/** Graph's determinations; the server takes any string, so these are suggestions. */
export const alertDeterminations = [
  'unknown', 'apt', 'malware', 'securityPersonnel', 'securityTesting', 'unwantedSoftware', 'other', 'multiStagedAttack',
  'compromisedAccount', 'phishing', 'maliciousUserActivity', 'notMalicious', 'notEnoughDataToValidate', 'confirmedUserActivity',
  'lineOfBusinessApplication',
] as const;

export type AlertStatus = (typeof alertStatuses)[number];
export type AlertClassification = (typeof alertClassifications)[number];

/** One piece of an alert's evidence: `@odata.type` names the kind, the rest depends on it. */
export interface AlertEvidence {
  '@odata.type': string;
  [field: string]: unknown;
}

export interface AlertComment {
  comment: string;
  createdByDisplayName?: string | null;
  createdDateTime?: string | null;
}

/** A stored Graph alert_v2 (schema Alert). Incidents carry theirs in full too. */
export interface Alert {
  id: string;
  providerAlertId?: string;
  incidentId?: string | null;
  title: string;
  severity: string;
  status: string;
  classification?: AlertClassification | null;
  determination?: string | null;
  serviceSource?: string | null;
  detectionSource?: string | null;
  category?: string | null;
  assignedTo?: string | null;
  description?: string | null;
  recommendedActions?: string | null;
  createdDateTime?: string | null;
  lastUpdateDateTime?: string;
  resolvedDateTime?: string | null;
  mitreTechniques?: string[];
  comments?: AlertComment[];
  evidence?: AlertEvidence[];
}

/** PATCH /api/alerts/{id} (schema AlertPatch): what an analyst may set; null clears. */
export interface AlertPatch {
  status?: AlertStatus;
  classification?: AlertClassification | null;
  determination?: string | null;
  assignedTo?: string | null;
  comments?: { comment: string }[];
}

export interface IncidentComment {
  id: string;
  incidentId: string;
  message: string;
  createdTimeUtc: string;
  author: { name?: string | null; email?: string | null; userPrincipalName?: string | null; objectId?: string | null };
}

export interface IncidentTask {
  id: string;
  incidentId: string;
  title: string;
  description: string | null;
  status: 'New' | 'Completed';
  owner: string | null;
  createdTimeUtc: string;
  createdBy: string;
}

export interface IncidentView extends Incident {
  alerts: Alert[];
  /** How many alerts the incident has (a listed incident carries only its latest 50). */
  alertCount: number;
  comments: IncidentComment[];
  tasks: IncidentTask[];
}

export interface TimelineEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
}

/** PATCH /api/incidents/{id}: only the fields the console edits. */
export interface IncidentPatch {
  severity?: IncidentSeverity;
  status?: IncidentStatus;
  phase?: IncidentPhase;
  owner?: IncidentOwner | null;
  roles?: IncidentRoles;
  classification?: IncidentClassification | null;
}

/** POST /api/incidents: an incident opened by hand; only the fields the console's form sends. */
export interface IncidentCreate {
  title: string;
  description?: string | null;
  severity?: IncidentSeverity;
  // The server types each label 'User'.
  labels?: { labelName: string }[];
}

/** A Defender for Cloud workflow automation as /api/workflow-automations returns it. */
export interface WorkflowAutomation {
  id: string;
  name: string;
  type: string;
  location?: string;
  properties: {
    description?: string | null;
    isEnabled: boolean;
    scopes?: { description?: string; scopePath: string }[];
    sources: { eventSource: string; ruleSets?: unknown[] | null }[];
    actions: { actionType: string; logicAppResourceId?: string; uri?: string }[];
  };
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
}

/**
 * A Sentinel automation rule condition as the server keeps it (Microsoft.SecurityInsights/automationRules):
 * the console only summarises conditions, so each kind's properties are read loosely.
 */
export interface AutomationRuleCondition {
  conditionType: 'Property' | 'PropertyArray' | 'PropertyChanged' | 'PropertyArrayChanged' | 'Boolean';
  conditionProperties: {
    propertyName?: string;
    operator?: string;
    propertyValues?: string[];
    changeType?: string;
    arrayType?: string;
    arrayConditionType?: string;
    itemConditions?: AutomationRuleCondition[];
    innerConditions?: AutomationRuleCondition[];
  };
}

export interface AutomationRuleAction {
  order: number;
  actionType: 'ModifyProperties' | 'RunPlaybook' | 'AddIncidentTask';
  actionConfiguration: Record<string, unknown>;
}

/** The body of POST and PUT /api/automation-rules(/{id}), and a rule's `properties`. */
export interface AutomationRuleProperties {
  displayName: string;
  order: number;
  triggeringLogic: {
    isEnabled: boolean;
    expirationTimeUtc?: string | null;
    triggersOn: 'Incidents' | 'Alerts';
    triggersWhen: 'Created' | 'Updated';
    conditions: AutomationRuleCondition[];
  };
  actions: AutomationRuleAction[];
}

/** A rule as GET /api/automation-rules lists it (`id` and `name` are the rule's name). */
export interface AutomationRule {
  id: string;
  name: string;
  type: string;
  properties: AutomationRuleProperties & { createdTimeUtc: string; lastModifiedTimeUtc: string };
}

/** A connector operation a playbook calls that no registered connector provides (OpenAPI MissingOperation). */
export interface MissingOperation {
  /** Where the action sits in the definition, e.g. "/actions/For_each/actions/Check_IP". */
  pointer: string;
  api: string;
  method: string;
  path: string;
}

/** Something in the definition the server recognises but cannot run (OpenAPI NotRunnable). */
export interface NotRunnable {
  pointer: string;
  code: string;
  message: string;
}

/** A playbook as GET /api/playbooks lists it (OpenAPI Playbook). */
export interface Playbook {
  id: string;
  name: string;
  enabled: boolean;
  /** The version new runs use. */
  version: number;
  triggerKind: string;
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
  createdBy: string;
  missingOperations: MissingOperation[];
  notRunnable: NotRunnable[];
  /** Request-trigger playbooks: the signed URL that starts a run. */
  callbackUrl?: string;
}

/** GET /api/playbooks/{id}: the playbook with its current definition (OpenAPI PlaybookDetail). */
export interface PlaybookDetail extends Playbook {
  definition: Record<string, unknown>;
  parameters: Record<string, unknown>;
  connections: Record<string, unknown>[];
}

/** One stored version (OpenAPI PlaybookVersion). */
export interface PlaybookVersion {
  playbookId: string;
  version: number;
  current: boolean;
  format: string;
  triggerKind: string;
  missingOperations: MissingOperation[];
  createdTimeUtc: string;
  createdBy: string;
}

/** POST /api/playbooks (OpenAPI PlaybookInput): exactly one of `definition` or `template`. */
export interface PlaybookInput {
  name?: string;
  definition?: Record<string, unknown>;
  template?: Record<string, unknown>;
}

/** POST /api/playbooks/{id}/runs (OpenAPI ManualRun), as the console sends it. */
export interface ManualRun {
  triggerBody?: unknown;
  /** Sentinel incident trigger: the server builds the payload Sentinel would send for this incident. */
  incidentId?: string;
}

/** What POST /api/playbooks/{id}/runs answers (OpenAPI RunStarted): 202 with status Running. */
export interface RunStarted {
  runId: string;
  status: string;
}

export interface RunError {
  code?: string;
  message?: string;
}

export interface PlaybookRun {
  runId: string;
  playbookId: string;
  version: number;
  startedBy: string;
  startTime: string;
  status: string;
  endTime: string | null;
  error: RunError | null;
}

export interface RunAction {
  path: string;
  iteration: number[];
  name: string;
  type: string;
  status: string;
  startTime?: string;
  endTime?: string;
  code?: string;
  attempts?: number;
  error?: RunError | null;
}

export interface RunDetail {
  runId?: string;
  id?: string;
  status: string;
  startTime?: string;
  endTime?: string;
  error?: RunError | null;
  playbookId: string | null;
  playbookVersion: number | null;
  startedBy: string | null;
  actions: RunAction[];
}

/** A stored connection as GET /api/connections lists it: every credential reads "***". */
export interface ConnectionSummary {
  name: string;
  api: string;
  settings: Record<string, unknown>;
  /** The settings that are credentials (masked above). */
  secretKeys: string[];
  keyId: string;
  createdAt: string;
  updatedAt: string;
}

/** PUT /api/connections/{name}: the whole connection (settings are replaced, not merged). */
export interface ConnectionPut {
  api: string;
  settings: Record<string, unknown>;
  /** Extra setting names to treat as credentials, beyond what the connector declares. */
  secrets?: string[];
}

export type OperationEffect = 'read' | 'notify' | 'change';

export interface ConnectorOperationInfo {
  id: string;
  summary: string;
  method: string;
  path: string;
  permission: string;
  /** read: reads only; notify: sends a message or opens a ticket; change: changes an outside resource. */
  effect: OperationEffect;
  /** Whether recovery can read and restore what the operation changes. */
  reversible: boolean;
}

/** A connector as GET /api/connectors describes it. */
export interface ConnectorInfo {
  api: string;
  displayName: string;
  /** What a connection for it holds: a JSON Schema of its settings, and which settings are credentials. */
  connection?: { schema: JsonSchema; secrets: string[] };
  operations: ConnectorOperationInfo[];
  /** Names of the stored connections for this api. */
  connections: string[];
}

/** The parts of a JSON Schema the console reads to build a form. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  [keyword: string]: unknown;
}

/** The outside resource a containment change touched (LedgerResource). */
export interface LedgerResource {
  kind: string;
  id: string;
}

export interface ApiFailure {
  code: string;
  message: string;
}

/** One change a connector made to an outside resource during an incident (LedgerEntry); secrets arrive masked. */
export interface LedgerEntry {
  id: string;
  incidentId: string | null;
  idempotencyKey: string;
  resource: LedgerResource;
  api: string;
  operationId: string;
  request: {
    connection: { name: string; api: string; connectionId?: string };
    method: string;
    path: string;
    pathParams: Record<string, string>;
    queries: unknown;
    body: unknown;
  };
  /** The resource as read before the change; null when it did not exist. */
  beforeState: unknown;
  intendedAfter: unknown;
  actor: { kind: 'run'; runId: string; actionPath: string; workflowName?: string } | { kind: 'user'; actor: string };
  changeRequestId: string | null;
  status: 'pending' | 'applied' | 'failed';
  createdAt: string;
  appliedAt: string | null;
  afterState: unknown;
  error: ApiFailure | null;
  attempts: number;
}

/** GET /api/incidents/{id}/ledger: oldest change first. */
export interface IncidentLedger {
  incidentId: string;
  value: LedgerEntry[];
}

export type RecoveryStepStatus = 'pending' | 'running' | 'restored' | 'verified-mismatch' | 'conflict-skipped' | 'not-restorable' | 'failed';
export type RecoveryPlanStatus = 'awaiting-approval' | 'approved' | 'running' | 'succeeded' | 'failed';

/** One restore of a plan (RecoveryStep): what it expects to find, what it puts back, and how it ended. */
export interface RecoveryStep {
  position: number;
  ledgerEntryId: string;
  resource: LedgerResource;
  operationId: string;
  expected: unknown;
  restoreTo: unknown;
  current: unknown;
  conflict: boolean;
  restorable: boolean;
  status: RecoveryStepStatus;
  /** After a run: the state read back to verify the restore. */
  verifiedState?: unknown;
  error?: ApiFailure | null;
  attempts: number;
  finishedAt?: string | null;
}

export interface RecoveryReport {
  planId: string;
  incidentId: string;
  status: string;
  counts: Partial<Record<RecoveryStepStatus, number>>;
  resumeFrom: number | null;
  withinSla: boolean | null;
  steps: { position: number; resource: LedgerResource; operationId: string; status: RecoveryStepStatus; error?: ApiFailure }[];
}

/** A recovery plan (RecoveryPlan), newest change first; the dry run answers the same shape, unstored. */
export interface RecoveryPlan {
  id: string;
  incidentId: string;
  status: RecoveryPlanStatus;
  force: boolean;
  createdAt: string;
  createdBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recoverBy: string | null;
  unappliedEntries: string[];
  steps: RecoveryStep[];
  diff: { position: number; resource: LedgerResource; current: unknown; restored: unknown; recordedAfter: unknown; conflict: boolean; restorable: boolean }[];
  report: RecoveryReport;
}

/** Body of the dry run and of creating a plan: `force` runs conflicting steps anyway. */
export interface RecoveryPlanRequest {
  force?: boolean;
}

export type ApprovalStatus = 'Pending' | 'Answered' | 'TimedOut';

/** An approval request a playbook sent (schema Approval): the first answer wins, later ones get 409. */
export interface Approval {
  id: string;
  source: 'office365' | 'riposte';
  incidentId: string | null;
  runId: string | null;
  actionName: string | null;
  subject: string;
  body: string;
  importance: string;
  options: string[];
  defaultOption: string | null;
  to: string[];
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  answer: { option: string | null; by: string; via: 'link' | 'api' | 'timeout'; at: string; email?: string | null } | null;
}

/** POST /api/approvals/{id}/answer: one of the request's options (any case). */
export interface ApprovalAnswer {
  option: string;
}
