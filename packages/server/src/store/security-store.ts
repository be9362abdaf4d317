import type { Alert } from '../alerts/alert-schema.ts';
import type { Assessment, AssessmentKind } from '../assessments/assessment-schema.ts';
import type { CorrelationCandidate } from '../incidents/correlation.ts';
import type { Incident, IncidentComment, IncidentTask, TimelineEntry } from '../incidents/incident-schema.ts';

/**
 * The port between the security domain and its storage. Adapters (SQLite now, PostgreSQL later)
 * hold all SQL; decisions (correlation, diffs, validation) live outside them. All writes happen
 * inside `transaction`, and the conformance suite (store/conformance.ts) pins the behaviour.
 */
export interface SecurityStore extends SecurityReads {
  /**
   * How to write SQL for `queryAlerts`: the dialect (placeholders `?` on sqlite, `$1…` on postgres)
   * and the column that breaks ordering ties in insertion order (`rowid` / `seq`).
   */
  readonly sql: { dialect: 'sqlite' | 'postgres'; rowOrder: string };
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Transactions are serialized. `work` must only await the `tx` it is given (no outside I/O), so
   * that an embedded adapter can hold its single writer for as short a time as possible.
   */
  transaction<T>(work: (tx: SecurityTransaction) => Promise<T>): Promise<T>;
  /** Resolves when storage answers (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Page<T> {
  items: T[];
  /** Total matching rows, when asked for with `count: true`. */
  total?: number;
}

export interface AlertQuery {
  status?: Alert['status'];
  severity?: Alert['severity'];
  incidentId?: string;
  serviceSource?: string;
  top?: number;
  skip?: number;
  count?: boolean;
}

export interface IncidentQuery {
  status?: Incident['status'];
  severity?: Incident['severity'];
  /** Matches owner.assignedTo, owner.email, owner.userPrincipalName or owner.objectId (case-insensitive). */
  owner?: string;
  top?: number;
  skip?: number;
  count?: boolean;
}

export interface AssessmentQuery {
  kind?: AssessmentKind;
  /** Healthy/Unhealthy/NotApplicable, or Passed/Failed/Skipped/Unsupported. */
  state?: string;
  top?: number;
  skip?: number;
  count?: boolean;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  top?: number;
  skip?: number;
}

/** A change recorded in the audit log, written in the transaction that made the change. */
export interface AuditEntry {
  id: string;
  at: string;
  /** Who: "key:<keyId> (<name>)", "system", "automation-rule:<id>", … */
  actor: string;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export type Role = 'admin' | 'automation-author' | 'responder' | 'triage' | 'reader';

/** A stored API key: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  /** Public prefix of the key, used to find the record. */
  id: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * A precompiled WHERE clause over the alerts table (produced by the OData compiler), with
 * placeholders of the store's `sql.dialect`; `orderBy` is the part after ORDER BY.
 */
export interface SqlFilter {
  where: string;
  params: unknown[];
  orderBy?: string;
}

/** What a listed incident shows besides its own record (GET /api/incidents). */
export interface IncidentRelations {
  /** Its latest alerts (newest by createdDateTime, then insertion order), oldest first. */
  alerts: Alert[];
  /** How many alerts it has. */
  alertCount: number;
  /** Its comments, oldest first. */
  comments: IncidentComment[];
  /** Its tasks, oldest first. */
  tasks: IncidentTask[];
}

export interface SecurityReads {
  getAlert(id: string): Promise<Alert | undefined>;
  findAlertByProvider(provider: string, providerAlertId: string): Promise<Alert | undefined>;
  listAlerts(query: AlertQuery): Promise<Page<Alert>>;
  /** Alerts matching a WHERE clause over the alert columns; the OData layer builds `filter`. */
  queryAlerts(filter: SqlFilter, page: { top: number; skip: number; count?: boolean }): Promise<Page<Alert>>;
  listIncidentAlerts(incidentId: string): Promise<Alert[]>;
  /** Ids of an incident's alerts, oldest first (cheaper than listIncidentAlerts). */
  listIncidentAlertIds(incidentId: string): Promise<string[]>;

  getIncident(id: string): Promise<Incident | undefined>;
  getIncidentByNumber(number: number): Promise<Incident | undefined>;
  listIncidents(query: IncidentQuery): Promise<Page<Incident>>;
  /** Open incidents carrying any of `keys` with the key seen at or after `since`. */
  findCorrelationCandidates(keys: readonly string[], since: string): Promise<CorrelationCandidate[]>;

  listComments(incidentId: string): Promise<IncidentComment[]>;
  getTask(incidentId: string, taskId: string): Promise<IncidentTask | undefined>;
  listTasks(incidentId: string): Promise<IncidentTask[]>;
  listTimeline(incidentId: string): Promise<TimelineEntry[]>;
  /**
   * The related rows of a page of incidents in a fixed number of queries (one per kind, however
   * many ids): for each id its latest `latestAlerts` alerts, alert count, comments and tasks —
   * what `listAlerts({ incidentId, top: latestAlerts, count: true })` (reversed), `listComments`
   * and `listTasks` answer one incident at a time. Every id has an entry (empty when unknown).
   */
  listIncidentRelations(incidentIds: readonly string[], latestAlerts: number): Promise<Map<string, IncidentRelations>>;

  getAssessment(kind: AssessmentKind, name: string): Promise<Assessment | undefined>;
  listAssessments(query: AssessmentQuery): Promise<Page<Assessment>>;

  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;

  listAudit(query: AuditQuery): Promise<AuditEntry[]>;
}

export interface SecurityTransaction extends SecurityReads {
  insertAlert(alert: Alert): Promise<void>;
  /** Replaces the stored alert with the same id. */
  updateAlert(alert: Alert): Promise<void>;

  /** Stores a new incident; the adapter assigns the next sequential `number`. */
  insertIncident(incident: Omit<Incident, 'number' | 'providerIncidentId'>): Promise<Incident>;
  updateIncident(incident: Incident): Promise<void>;
  /** Records (or refreshes the last-seen time of) correlation keys carried by an incident. */
  touchCorrelationKeys(incidentId: string, keys: readonly string[], seenAt: string): Promise<void>;
  /**
   * Deletes an incident with everything that belongs to it: its alerts, comments, tasks, timeline
   * entries and correlation keys. Its number is never given to another incident. Throws when the
   * incident does not exist.
   */
  deleteIncident(id: string): Promise<void>;

  insertComment(comment: IncidentComment): Promise<void>;
  insertTask(task: IncidentTask): Promise<void>;
  updateTask(task: IncidentTask): Promise<void>;
  appendTimeline(entries: readonly TimelineEntry[]): Promise<void>;

  /** Inserts or replaces the assessment with the same kind and name. */
  upsertAssessment(assessment: Assessment): Promise<void>;

  insertApiKey(key: ApiKeyRecord): Promise<void>;
  revokeApiKey(id: string, at: string): Promise<void>;

  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
}
