// Public surface of @riposte/server. Add your module's exports in its own block.
// (The store conformance suite imports vitest: import it from './store/security-store-conformance.ts'.)

// ── security operations core: app, store, events, auth ─────────────────────────────────────────
export { buildApp, type BuildAppOptions, type RiposteModule, type RiposteServices } from './app/build-app.ts';
export { securityContext, type SecurityContext } from './app/security-context.ts';
export { prepareServer, startServer, type RunningServer, type ServerOptions } from './app/start-server.ts';
export { seedDemoData, demoAlerts } from './app/demo-data.ts';
export { buildTestApp, type TestApp } from './app/test-app.ts';
export { defineRoute, OperationRegistry, type RouteAccess, type RouteInput, type RouteSpec } from './http/route-spec.ts';
export { listResult, listResultSchema, pagingQuery } from './http/list-query.ts';
export { permissions, rolePermissions, roleAllows, roleNames, type Permission } from './auth/permissions.ts';
export { createApiKey, ensureApiKey, verifyApiKey, type Principal } from './auth/api-keys.ts';
export { SecurityEventBus } from './events/event-bus.ts';
export type { FieldChange, SecurityEvent, SecurityEventOf, SecurityEventType } from './events/security-events.ts';
export { MetricsRegistry, Counter, Histogram } from './metrics/metrics-registry.ts';
export * from './common/errors.ts';
export { formatTimestamp, normalizeTimestamp, timestampSchema, type Clock } from './common/timestamp.ts';
export type * from './store/security-store.ts';
export { openSqliteSecurityStore, SqliteSecurityStore } from './store/sqlite-security-store.ts';
export { openPostgresSecurityStore, PostgresSecurityStore } from './store/postgres-security-store.ts';
export { alertColumns, alertTable } from './store/alert-columns.ts';
export { alertSqlSchema } from './store/alert-sql-schema.ts';
export * from './alerts/alert-schema.ts';
export { alertV2ToLegacy, legacyToAlertV2, legacyAlertSchema, isLegacyAlert, type LegacyAlert } from './alerts/legacy-v1.ts';
export { parseAlertInput, stampAlert } from './alerts/alert-intake.ts';
export { ingestAlerts, type IngestResult } from './alerts/ingest-alerts.ts';
export { updateAlert } from './alerts/alert-operations.ts';
export * from './incidents/incident-schema.ts';
export { addIncidentComment, addIncidentTask, findIncident, incidentView, updateIncident, updateIncidentTask, withSla } from './incidents/incident-operations.ts';
export { defaultCorrelationConfig, type CorrelationConfig, type CorrelationRule } from './incidents/correlation.ts';
export { defaultSlaPolicy, type SlaPolicy } from './incidents/sla.ts';
export { entitiesOfAlert } from './incidents/entities.ts';
export * from './assessments/assessment-schema.ts';
export { ingestAssessment } from './assessments/ingest-assessment.ts';

// ── analyst console (/console: the built files of packages/web) ──────────────────────────────
export { consoleModule, defaultConsoleDir, type ConsoleModuleOptions } from './console/console-module.ts';

// ── playbooks, triggers, automation rules, workflow automations (automation module) ──────────────
export { securityAutomationModule, createSecurityAutomation, type SecurityAutomation, type SecurityAutomationOptions, type DispatchStages } from './automation/automation-module.ts';
export { PlaybookService, type PlaybookServiceOptions, type StartPlaybookInput } from './playbooks/playbook-service.ts';
export { PlaybookStore, type Playbook, type PlaybookVersion, type MissingOperation, type NotRunnable } from './playbooks/playbook-store.ts';
export { type PlaybookRunLink } from './playbooks/playbook-runs.ts';
export { importPlaybook, playbookInputSchema, type ImportedPlaybook, type PlaybookInput } from './playbooks/playbook-import.ts';
export { triggerKindOf, triggerKinds, type TriggerKind } from './playbooks/trigger-kind.ts';
export { PlaybookLauncher, type LaunchOutcome } from './triggers/playbook-launcher.ts';
export { defaultWorkspace, incidentTriggerBody, payloadIncidentOf, sentinelAlertTriggerBody, defenderAlertPayload, graphAlertTriggerBody, assessmentPayload } from './triggers/payloads.ts';
export { RecurrenceScheduler } from './triggers/recurrence-scheduler.ts';
export { AutomationRuleExecutor, ruleActor } from './automation/rules/rule-execution.ts';
export { AutomationRuleStore, type StoredAutomationRule } from './automation/rules/rule-store.ts';
export { WorkflowAutomationExecutor, automationActor } from './automation/workflow-automations/automation-execution.ts';
export { WorkflowAutomationStore, type StoredWorkflowAutomation } from './automation/workflow-automations/automation-store.ts';
export { azureSentinelConnector, type SentinelConnectorServices } from './connectors/azuresentinel/index.ts';
export { graphSecurityConnector, graphSubscriptionOperations, type GraphCall } from './connectors/microsoftgraphsecurity/index.ts';

// ── change ledger and recovery to the pre-incident state ─────────────────────────────────────────
export { ChangeLedger } from './ledger/change-ledger.ts';
export type { LedgerEntry, LedgerActor, LedgerRequest, LedgerStatus } from './ledger/ledger-entry.ts';
export { withChangeLedger, LedgeredConnectorRegistry, CHANGE_REQUEST_HEADER, type LedgerDispatchOptions } from './ledger/ledger-dispatch.ts';
export { runIncidentResolver, incidentReferencesOf, type RunIncidentResolver } from './ledger/run-incident.ts';
export { RecoveryService, report as recoveryReport, type RecoveryServiceOptions, type RecoveryCaller, type RecoveryReport } from './recovery/recovery-service.ts';
export type { RecoveryPlan, RecoveryStep, StepStatus, PlanStatus } from './recovery/recovery-plan.ts';
export { defaultRecoveryPolicy, type RecoveryPolicy } from './recovery/recovery-policy.ts';
export { recoveryModule, registerRecoveryRoutes } from './recovery/recovery-routes.ts';
export { wireRecovery, type RecoveryWiring } from './recovery/recovery-wiring.ts';
export { riposteConnector, type IncidentRecoveryPort } from './connectors/riposte/index.ts';

// ── approvals, escalation, stakeholder notifications, change requests, assets (response process) ─
export { ResponseProcess, type ResponseProcessOptions } from './approvals/response-process.ts';
export { wireResponseProcess, responseProcessFor, type ResponseProcessSettings, type ResponseProcessWiring } from './app/response-process-wiring.ts';
export { ApprovalService, office365ApprovalOperations, riposteApprovalOperation, runtimeCallbackDelivery, type Approval, type ApprovalCallbackBody } from './approvals/index.ts';
export { escalateIncident, resolveIncident, defaultEscalationConfig, type EscalationConfig, type TriageAssignee } from './escalation/escalation.ts';
export { StakeholderNotifier } from './stakeholders/stakeholder-notifier.ts';
export { smtpAndWebhookChannels, type NotificationChannels, type ChannelSettings } from './stakeholders/notification-channels.ts';
export { stakeholderPolicyInputSchema, type StakeholderPolicy, type StakeholderPolicyInput } from './stakeholders/stakeholder-policy.ts';
export { ChangeRequestService, GatedConnectorRegistry, withChangeRequestGate, type ChangeRequest, type ChangeGatePolicy } from './change-requests/index.ts';
export { AssetStore, assetsOfResource, type Asset } from './assets/index.ts';

// ── Graph-compatible API and change notifications (/graph/v1.0, /graph/beta) ───────────────────
export { graphModule, type GraphModuleOptions } from './graph/graph-module.ts';
export { GraphError } from './graph/graph-error.ts';
export { GraphNotifications, type GraphSubscriptionOptions } from './graph/subscriptions/graph-notifications.ts';
export { defaultDeliveryPolicy, NotificationDeliverer, type DeliveryPolicy } from './graph/subscriptions/notification-deliverer.ts';
export type { Subscription } from './graph/subscriptions/subscription.ts';

// ── Server wiring: connection vault, shared indicator store, egress, redaction ──────────────────
export { openResponseWiring, redactedLoggerSettings, indicatorDatabaseFile, type ResponseWiring, type ResponseWiringOptions } from './wiring/response-wiring.ts';
export { registerConnectionRoutes } from './wiring/connection-routes.ts';
export { registryRedactedBy, rememberUrlTokens, urlTokens } from './wiring/redacting-connectors.ts';
