import type {
  Alert,
  AlertPatch,
  Approval,
  AutomationRule,
  AutomationRuleProperties,
  ConnectionPut,
  ConnectionSummary,
  ConnectorInfo,
  IncidentComment,
  IncidentCreate,
  IncidentLedger,
  IncidentPatch,
  IncidentTask,
  IncidentView,
  Incident,
  ListResult,
  ManualRun,
  Playbook,
  PlaybookDetail,
  PlaybookInput,
  PlaybookRun,
  PlaybookVersion,
  RecoveryPlan,
  RecoveryPlanRequest,
  RunDetail,
  RunStarted,
  TimelineEntry,
  WorkflowAutomation,
} from './types.ts';

/** An error answer of the API (`{"error": {"code", "message", "field"?}}`), or a network failure. */
export class ConsoleApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ConsoleApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** What the console shows: the code, the message and the field it names. */
  describe(): string {
    return `${this.code}: ${this.message}${this.field ? ` (at ${this.field})` : ''}`;
  }
}

type Query = Record<string, string | number | undefined>;

/** The Riposte API as the console uses it; every call carries the analyst's key. */
export class RiposteClient {
  private readonly key: string;
  private readonly base: string;
  private readonly onUnauthorized: (() => void) | undefined;

  /** `onUnauthorized` runs when the server refuses the key (revoked, or the server's store was reset). */
  constructor(key: string, options: { base?: string; onUnauthorized?: () => void } = {}) {
    this.key = key;
    this.base = options.base ?? '';
    this.onUnauthorized = options.onUnauthorized;
  }

  private async call<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(name, String(value));
    const url = `${this.base}${path}${params.toString() ? `?${params}` : ''}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new ConsoleApiError(0, 'NetworkError', `the server did not answer (${(err as Error).message})`);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.status === 401) this.onUnauthorized?.();
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      throw new ConsoleApiError(response.status, error?.code ?? `HTTP${response.status}`, error?.message ?? (text.slice(0, 200) || response.statusText), error?.field);
    }
    return json as T;
  }

  /** Checks the key by reading one incident (every role but none may read incidents). */
  verify(): Promise<ListResult<Incident>> {
    return this.call('GET', '/api/incidents', undefined, { top: 1 });
  }

  listIncidents(filter: { status?: string; severity?: string; top?: number }): Promise<ListResult<Incident>> {
    return this.call('GET', '/api/incidents', undefined, { top: 200, ...filter });
  }

  getIncident(id: string): Promise<IncidentView> {
    return this.call('GET', `/api/incidents/${encodeURIComponent(id)}`);
  }

  /** Opens an incident by hand; answers it as getIncident does. */
  createIncident(body: IncidentCreate): Promise<IncidentView> {
    return this.call('POST', '/api/incidents', body);
  }

  /** Deletes an incident with its alerts (admin keys only; 409 when a module refuses). */
  deleteIncident(id: string): Promise<void> {
    return this.call('DELETE', `/api/incidents/${encodeURIComponent(id)}`);
  }

  updateIncident(id: string, patch: IncidentPatch): Promise<IncidentView> {
    return this.call('PATCH', `/api/incidents/${encodeURIComponent(id)}`, patch);
  }

  addComment(id: string, message: string): Promise<IncidentComment> {
    return this.call('POST', `/api/incidents/${encodeURIComponent(id)}/comments`, { message });
  }

  addTask(id: string, title: string): Promise<IncidentTask> {
    return this.call('POST', `/api/incidents/${encodeURIComponent(id)}/tasks`, { title });
  }

  updateTask(id: string, taskId: string, status: IncidentTask['status']): Promise<IncidentTask> {
    return this.call('PATCH', `/api/incidents/${encodeURIComponent(id)}/tasks/${encodeURIComponent(taskId)}`, { status });
  }

  timeline(id: string): Promise<ListResult<TimelineEntry>> {
    return this.call('GET', `/api/incidents/${encodeURIComponent(id)}/timeline`);
  }

  /** The alert queue, newest first: one page of `top` after `skip`, with the count of all that match. */
  listAlerts(filter: { status?: string; severity?: string; top: number; skip: number }): Promise<ListResult<Alert>> {
    return this.call('GET', '/api/alerts', undefined, { ...filter, count: 'true' });
  }

  getAlert(id: string): Promise<Alert> {
    return this.call('GET', `/api/alerts/${encodeURIComponent(id)}`);
  }

  /** Sets status, classification, determination or assignee (alerts.write); posted comments are appended. */
  updateAlert(id: string, patch: AlertPatch): Promise<Alert> {
    return this.call('PATCH', `/api/alerts/${encodeURIComponent(id)}`, patch);
  }

  /** Approval requests with one of these statuses, newest first (approvals.read); the API gives no count. */
  listApprovals(filter: { status: Approval['status'][]; top: number }): Promise<ListResult<Approval>> {
    return this.call('GET', '/api/approvals', undefined, { status: filter.status.join(','), $top: filter.top });
  }

  /** Answers with one of its options (approvals.answer): 403 without it, 409 once someone answered. */
  answerApproval(id: string, option: string): Promise<Approval> {
    return this.call('POST', `/api/approvals/${encodeURIComponent(id)}/answer`, { option });
  }

  listWorkflowAutomations(): Promise<ListResult<WorkflowAutomation>> {
    return this.call('GET', '/api/workflow-automations');
  }

  createWorkflowAutomation(document: unknown): Promise<WorkflowAutomation> {
    return this.call('POST', '/api/workflow-automations', document);
  }

  setWorkflowAutomationEnabled(id: string, enabled: boolean): Promise<WorkflowAutomation> {
    return this.call('POST', `/api/workflow-automations/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`);
  }

  deleteWorkflowAutomation(id: string): Promise<void> {
    return this.call('DELETE', `/api/workflow-automations/${encodeURIComponent(id)}`);
  }

  /** Sentinel automation rules in the order they run (rules.read). */
  listAutomationRules(): Promise<ListResult<AutomationRule>> {
    return this.call('GET', '/api/automation-rules');
  }

  getAutomationRule(id: string): Promise<AutomationRule> {
    return this.call('GET', `/api/automation-rules/${encodeURIComponent(id)}`);
  }

  /** Creates a rule from a pasted document (its `properties` or the whole ARM resource), sent as it is (rules.write). */
  createAutomationRule(document: unknown): Promise<AutomationRule> {
    return this.call('POST', '/api/automation-rules', document);
  }

  /** Replaces a rule as a whole (rules.write). */
  putAutomationRule(id: string, properties: AutomationRuleProperties): Promise<AutomationRule> {
    return this.call('PUT', `/api/automation-rules/${encodeURIComponent(id)}`, properties);
  }

  deleteAutomationRule(id: string): Promise<void> {
    return this.call('DELETE', `/api/automation-rules/${encodeURIComponent(id)}`);
  }

  listPlaybooks(): Promise<ListResult<Playbook>> {
    return this.call('GET', '/api/playbooks');
  }

  getPlaybook(id: string): Promise<PlaybookDetail> {
    return this.call('GET', `/api/playbooks/${encodeURIComponent(id)}`);
  }

  /** Imports a workflow definition or an ARM template (playbooks.write); answers the playbook, 201. */
  createPlaybook(body: PlaybookInput): Promise<Playbook> {
    return this.call('POST', '/api/playbooks', body);
  }

  /** The server keeps the switch itself: POST …/enable or …/disable (playbooks.write). */
  setPlaybookEnabled(id: string, enabled: boolean): Promise<Playbook> {
    return this.call('POST', `/api/playbooks/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`);
  }

  /** Deletes a playbook; its runs stay in the run journal (playbooks.write). */
  deletePlaybook(id: string): Promise<void> {
    return this.call('DELETE', `/api/playbooks/${encodeURIComponent(id)}`);
  }

  listPlaybookVersions(id: string): Promise<ListResult<PlaybookVersion>> {
    return this.call('GET', `/api/playbooks/${encodeURIComponent(id)}/versions`);
  }

  /** Starts a run by hand with `triggerBody` as the trigger's payload (playbooks.run); answers once it has started. */
  startRun(playbookId: string, body: ManualRun): Promise<RunStarted> {
    return this.call('POST', `/api/playbooks/${encodeURIComponent(playbookId)}/runs`, body);
  }

  listRuns(playbookId: string): Promise<ListResult<PlaybookRun>> {
    return this.call('GET', `/api/playbooks/${encodeURIComponent(playbookId)}/runs`, undefined, { top: 50 });
  }

  getRun(runId: string): Promise<RunDetail> {
    return this.call('GET', `/api/runs/${encodeURIComponent(runId)}`);
  }

  /** The installation's connectors, their operations and connection schemas. */
  listConnectors(): Promise<ListResult<ConnectorInfo>> {
    return this.call('GET', '/api/connectors');
  }

  /** Stored connections, credentials shown as "***" (connections.read). */
  listConnections(): Promise<ListResult<ConnectionSummary>> {
    return this.call('GET', '/api/connections');
  }

  /** Creates or replaces a connection as a whole (connections.write); answers it masked. */
  putConnection(name: string, body: ConnectionPut): Promise<ConnectionSummary> {
    return this.call('PUT', `/api/connections/${encodeURIComponent(name)}`, body);
  }

  deleteConnection(name: string): Promise<void> {
    return this.call('DELETE', `/api/connections/${encodeURIComponent(name)}`);
  }

  /** The incident's change ledger: every containment change with its before- and after-state (recovery.read). */
  ledger(id: string): Promise<IncidentLedger> {
    return this.call('GET', `/api/incidents/${encodeURIComponent(id)}/ledger`);
  }

  /** Dry run: per resource the current state and the one recovery would restore; nothing is stored or changed (recovery.read). */
  previewRecovery(id: string, body: RecoveryPlanRequest = {}): Promise<RecoveryPlan> {
    return this.call('POST', `/api/incidents/${encodeURIComponent(id)}/recovery/plan`, body);
  }

  /** Stores a recovery plan that waits for approval (recovery.write); 201. */
  createRecoveryPlan(id: string, body: RecoveryPlanRequest = {}): Promise<RecoveryPlan> {
    return this.call('POST', `/api/incidents/${encodeURIComponent(id)}/recovery`, body);
  }

  /** The incident's recovery plans, oldest first. */
  listRecoveryPlans(id: string): Promise<ListResult<RecoveryPlan>> {
    return this.call('GET', `/api/incidents/${encodeURIComponent(id)}/recovery`);
  }

  getRecoveryPlan(planId: string): Promise<RecoveryPlan> {
    return this.call('GET', `/api/recovery/${encodeURIComponent(planId)}`);
  }

  /** The server decides who may approve (by default the incident's lead): 403 for anyone else, 409 when not awaiting approval. */
  approveRecovery(planId: string): Promise<RecoveryPlan> {
    return this.call('POST', `/api/recovery/${encodeURIComponent(planId)}/approve`);
  }

  /** Runs an approved plan (or continues it) and answers it once the run stopped, each step verified by reading back. */
  runRecovery(planId: string): Promise<RecoveryPlan> {
    return this.call('POST', `/api/recovery/${encodeURIComponent(planId)}/run`);
  }
}
