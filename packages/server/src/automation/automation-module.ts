import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ConnectorRegistry, HttpClient, RunStore, WorkflowRuntime } from '@riposte/engine';
import type { RiposteModule, RiposteServices } from '../app/build-app.ts';
import { defaultConnectorRegistry } from '../connectors/index.ts';
import { riposteConnector } from '../connectors/riposte/index.ts';
import type { RecoveryPolicy } from '../recovery/recovery-policy.ts';
import { registerRecoveryRoutes } from '../recovery/recovery-routes.ts';
import { wireRecovery, type RecoveryWiring } from '../recovery/recovery-wiring.ts';
import { runIncidentResolver } from '../ledger/run-incident.ts';
import { createEgressHttpClient } from '../connectors/http-egress/index.ts';
import { loadSecretKeyRing } from '../connectors/secrets/secret-key.ts';
import { revealedSecretsOf, type RevealedSecrets } from '../connectors/secrets/revealed-secrets.ts';
import type { GraphCall } from '../connectors/microsoftgraphsecurity/index.ts';
import { registerIncidentConnectors } from '../connectors/incident-connectors.ts';
import type { SentinelWorkspace } from '../domain/sentinel-payloads/index.ts';
import { registerPlaybookRoutes } from '../playbooks/playbook-routes.ts';
import { PlaybookService } from '../playbooks/playbook-service.ts';
import { databaseOf } from '../playbooks/sqlite-tables.ts';
import { SqliteRunStore } from '../store/run-store-sqlite.ts';
import { subscribeAlertTriggers } from '../triggers/alert-triggers.ts';
import { PlaybookLauncher } from '../triggers/playbook-launcher.ts';
import { defaultWorkspace, incidentTriggerBody } from '../triggers/payloads.ts';
import { RecurrenceScheduler } from '../triggers/recurrence-scheduler.ts';
import { registerRequestTrigger } from '../triggers/request-trigger.ts';
import { registerRunCallbacks } from '../triggers/run-callbacks.ts';
import { findIncident } from '../incidents/incident-operations.ts';
import { NotFoundError, BadRequestError } from '../common/errors.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { AutomationRuleExecutor } from './rules/rule-execution.ts';
import { registerRuleRoutes } from './rules/rule-routes.ts';
import { AutomationRuleStore } from './rules/rule-store.ts';
import { WorkflowAutomationExecutor } from './workflow-automations/automation-execution.ts';
import { registerWorkflowAutomationRoutes } from './workflow-automations/automation-routes.ts';
import { WorkflowAutomationStore } from './workflow-automations/automation-store.ts';

export interface SecurityAutomationOptions {
  /** Folder of the run journal (`runs.db`); without it (and without runStore) runs are kept in memory. */
  dataDir?: string;
  runStore?: RunStore;
  /** Connectors besides azuresentinel and microsoftgraphsecurity (default: defaultConnectorRegistry()). */
  connectors?: ConnectorRegistry;
  /** Secret values `connectors` hand to runs: the run journal masks them (default: what response-wiring's registry reports to). */
  revealed?: RevealedSecrets;
  /** Outbound HTTP for Http actions and Webhook automations (default: through the egress policy). */
  http?: HttpClient;
  workspace?: SentinelWorkspace;
  /** Base URL callers reach the server at (signed trigger URLs, callback URLs); default: RIPOSTE_PUBLIC_URL, else the listening address (trigger URLs only). */
  publicBaseUrl?: string;
  /** Finish runs the previous process left unfinished when the server is ready (default true). */
  resumeOnStart?: boolean;
  /** Who may approve recoveries and whether playbooks may approve their own (default: the incident lead only). */
  recoveryPolicy?: Partial<RecoveryPolicy>;
  /** More stages of connector dispatch, built on the app's services (the response process: app/response-process-wiring.ts). */
  dispatchStages?: (services: RiposteServices) => DispatchStages;
}

/**
 * What another module adds to connector dispatch. Order: base registry (vault, egress) + `extend`
 * → change ledger → `wrap` (the change-request gate sits in front of the ledger) → the runtime.
 */
export interface DispatchStages {
  /** Adds or replaces connectors before the ledger wraps the registry. */
  extend?(registry: ConnectorRegistry): ConnectorRegistry;
  /** Wraps the ledgered registry; `incidentOf` is the ledger's resolver of a run's incident. */
  wrap?(ledgered: ConnectorRegistry, incidentOf: (runId: string) => Promise<{ incidentId: string | null }>): ConnectorRegistry;
  /** Receives the runtime playbook runs execute on (webhook answers are delivered to it). */
  bindRuntime?(runtime: WorkflowRuntime): void;
}

/** Everything the automation module runs, reachable as `app.riposteAutomation`. */
export interface SecurityAutomation {
  playbooks: PlaybookService;
  launcher: PlaybookLauncher;
  rules: AutomationRuleStore;
  ruleExecutor: AutomationRuleExecutor;
  workflowAutomations: WorkflowAutomationStore;
  automationExecutor: WorkflowAutomationExecutor;
  scheduler: RecurrenceScheduler;
  /** The change ledger runs write through, and recovery (recovery/README.md). */
  recovery: RecoveryWiring;
}

declare module 'fastify' {
  interface FastifyInstance {
    riposteAutomation: SecurityAutomation;
  }
}

/**
 * Playbooks, triggers, automation rules and workflow automations as one RiposteModule: routes under
 * /api/playbooks, /api/runs, /api/triggers, /api/automation-rules, /api/workflow-automations, and the
 * subscribers that start playbooks on security events.
 */
export function securityAutomationModule(given: SecurityAutomationOptions = {}): RiposteModule {
  // RIPOSTE_PUBLIC_URL: how callers reach this server (signed trigger URLs, webhook callback URLs).
  const options = { ...given, publicBaseUrl: given.publicBaseUrl ?? (process.env.RIPOSTE_PUBLIC_URL || undefined) };
  return async (app, services) => {
    const automation = createSecurityAutomation(services, options, (err) => app.log.error({ err }, 'automation failed'));
    app.decorate('riposteAutomation', automation.automation);
    let publicBase = options.publicBaseUrl;
    app.addHook('onListen', async () => {
      if (publicBase) return;
      const address = app.server.address();
      if (address && typeof address === 'object') {
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        publicBase = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
        automation.automation.playbooks.setPublicBaseUrl(publicBase);
      }
    });
    automation.setBase(() => publicBase);
    const stops: Array<() => void> = [];
    app.addHook('onReady', async () => {
      const key = await internalGraphKey(services);
      automation.setGraphCall(async (method, path, body) => {
        const res = await app.inject({ method, url: `/graph${path}`, headers: { authorization: `Bearer ${key}` }, ...(body !== undefined ? { payload: body as object } : {}) });
        return { statusCode: res.statusCode, body: res.body ? safeJson(res.body) : undefined };
      });
      const adopted = await automation.automation.playbooks.adoptLegacyRunLinks();
      if (adopted > 0) app.log.info({ runs: adopted }, 'moved run links of an older data folder into the run journal');
      stops.push(...automation.subscribe());
      stops.push(automation.automation.scheduler.start());
      if (options.resumeOnStart !== false) void automation.automation.playbooks.resumeUnfinished().catch((err) => app.log.error({ err }, 'resuming runs failed'));
      if (options.resumeOnStart !== false) void automation.automation.recovery.recovery.resumeUnfinished().catch((err) => app.log.error({ err }, 'resuming recoveries failed'));
    });
    app.addHook('onClose', async () => {
      for (const stop of stops) stop();
      await automation.close();
    });
  };
}

const internalKeyName = 'riposte-internal:playbook-graph-subscriptions';

/**
 * The key playbooks' Graph subscription operations call /graph with: created at each start, held only
 * in memory, earlier ones revoked (so a key of a previous process never stays usable).
 */
async function internalGraphKey(services: RiposteServices): Promise<string> {
  const at = formatTimestamp(services.clock());
  for (const old of await services.store.listApiKeys()) {
    if (old.name === internalKeyName && !old.revokedAt) await services.store.transaction((tx) => tx.revokeApiKey(old.id, at));
  }
  return (await createApiKey(services.store, 'automation-author', internalKeyName, services.clock, 'system')).key;
}

function revealedOption(options: SecurityAutomationOptions): { revealed?: RevealedSecrets } {
  const revealed = options.revealed ?? (options.connectors ? revealedSecretsOf(options.connectors) : undefined);
  return revealed ? { revealed } : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds the automation services on an app's services (the module uses it; tests and the demo may too). */
export function createSecurityAutomation(services: RiposteServices, options: SecurityAutomationOptions, onError: (err: unknown) => void) {
  const db = databaseOf(services.store);
  let ownRunStore: SqliteRunStore | undefined;
  let runStore = options.runStore;
  if (!runStore) {
    let path = ':memory:';
    if (options.dataDir) {
      const dir = resolve(options.dataDir);
      mkdirSync(dir, { recursive: true });
      path = join(dir, 'runs.db');
    }
    runStore = ownRunStore = new SqliteRunStore({ path });
  }
  const ownHttp = options.http ? undefined : createEgressHttpClient();
  const http = options.http ?? ownHttp!;
  const workspace = options.workspace ?? defaultWorkspace;
  const connectors = options.connectors ?? defaultConnectorRegistry();
  let base: () => string | undefined = () => options.publicBaseUrl;

  // The playbook service is created first; connectors ask it who a run acts as.
  let playbooks: PlaybookService | undefined;
  const actorOf = async (runId: string) => (playbooks ? playbooks.actorOf(runId) : `playbook-run:${runId}`);
  let graphCall: GraphCall | undefined;
  registerIncidentConnectors(connectors, { ctx: services, workspace, actorOf, graphCall: () => graphCall });

  // Every change a connector makes for an incident is written to the incident's change ledger first.
  let recovery: RecoveryWiring | undefined;
  connectors.register(riposteConnector(() => recovery?.recovery));
  const stages = options.dispatchStages?.(services);
  const registry = stages?.extend ? stages.extend(connectors) : connectors;
  // The ring the connection vault seals with (RIPOSTE_SECRET_KEY, else <data dir>/secret.key); in-memory apps without a data dir get the default.
  // The ledger seals secured requests and the playbooks their secure parameters with it.
  const keys = options.dataDir ? { keys: loadSecretKeyRing({ dataDir: resolve(options.dataDir) }) } : {};
  recovery = wireRecovery(services, { registry, runs: runStore, ...keys, ...(options.recoveryPolicy ? { policy: options.recoveryPolicy } : {}) });
  const dispatch = stages?.wrap ? stages.wrap(recovery.connectors, runIncidentResolver(runStore, services.store, recovery.ledger)) : recovery.connectors;

  playbooks = new PlaybookService({ ctx: services, db, runStore, connectors: dispatch, http, ...keys, ...revealedOption(options), ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}) });
  stages?.bindRuntime?.(playbooks.runtime);
  const launcher = new PlaybookLauncher(services, playbooks, workspace, () => base());
  const rules = new AutomationRuleStore(db);
  const ruleExecutor = new AutomationRuleExecutor(services, rules, launcher, onError);
  const workflowAutomations = new WorkflowAutomationStore(db);
  const automationExecutor = new WorkflowAutomationExecutor(services, workflowAutomations, launcher, http, onError);
  const scheduler = new RecurrenceScheduler(playbooks, services.clock, onError);

  const pb = playbooks;
  // A playbook that a rule or an automation still starts is not deleted: they would fail at their next match.
  pb.addUsers((playbook) => [
    ...rules
      .list()
      .filter((r) => r.properties.actions.some((a) => a.actionType === 'RunPlaybook' && pb.find(a.actionConfiguration.logicAppResourceId)?.id === playbook.id))
      .map((r) => `automation rule '${r.properties.displayName}'`),
    ...workflowAutomations
      .list()
      .filter((w) => w.properties.actions.some((a) => a.actionType === 'LogicApp' && pb.find(a.logicAppResourceId)?.id === playbook.id))
      .map((w) => `workflow automation '${w.id}'`),
  ]);
  registerPlaybookRoutes(services, pb, async (playbook, input) => {
    if (input.incidentId) {
      const incident = await findIncident(services.store, input.incidentId);
      if (!incident) throw new NotFoundError('incident', input.incidentId);
      return incidentTriggerBody(services, incident, workspace, base() ? { publicBaseUrl: base()! } : {});
    }
    const alert = await services.store.getAlert(input.alertId!);
    if (!alert) throw new NotFoundError('alert', input.alertId!);
    if (!['sentinel-alert', 'defender-alert', 'graph-alert'].includes(playbook.triggerKind)) throw new BadRequestError(`playbook '${playbook.name}' has no alert trigger`, '/alertId');
    return launcher.alertBody(playbook, alert);
  });
  registerRequestTrigger(services, pb);
  registerRunCallbacks(services, pb);
  registerRuleRoutes(services, rules, ruleExecutor, pb);
  registerWorkflowAutomationRoutes(services, workflowAutomations, pb);
  registerRecoveryRoutes(services, recovery);

  const automation: SecurityAutomation = { playbooks: pb, launcher, rules, ruleExecutor, workflowAutomations, automationExecutor, scheduler, recovery };
  return {
    automation,
    setBase(fn: () => string | undefined) {
      base = fn;
    },
    /** Binds the Graph subscription operations to the app's own /graph routes. */
    setGraphCall(call: GraphCall | undefined) {
      graphCall = call;
    },
    subscribe(): Array<() => void> {
      const claimed = (id: string, name: string, kind: string) =>
        kind === 'defender-alert'
          ? automationExecutor.targets(id, name)
          : rules.list().some((r) => r.properties.triggeringLogic.triggersOn === 'Alerts' && r.properties.actions.some((a) => a.actionType === 'RunPlaybook' && pb.find(a.actionConfiguration.logicAppResourceId)?.id === id));
      return [ruleExecutor.subscribe(), automationExecutor.subscribe(), subscribeAlertTriggers(services, launcher, claimed, onError)];
    },
    async close() {
      scheduler.stop();
      await pb.runtime.flush().catch(() => {});
      await ownRunStore?.close();
      await ownHttp?.close();
    },
  };
}
