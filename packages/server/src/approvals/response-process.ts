/**
 * The response process wired together for a server: approvals, stakeholder notifications,
 * escalation, change requests and asset criticality — their services, routes (as one
 * RiposteModule), connector operations (added to the `office365` and `riposte` connectors) and the
 * change-request gate. A server builds it from its SecurityContext, adds `module` to the app,
 * passes its registry through `extendConnectors`, wraps its (ledgered) resolver with `gate`, and
 * binds its WorkflowRuntime with `bindRuntime`.
 */
import type { ConnectorRegistry, ConnectorResolver, WorkflowRuntime } from '@riposte/engine';
import type { RiposteModule } from '../app/build-app.ts';
import type { SecurityContext } from '../app/security-context.ts';
import { registerAssetRoutes } from '../assets/asset-routes.ts';
import { GatedConnectorRegistry, withChangeRequestGate, type ChangeGateOptions, type ChangeGatePolicy } from '../change-requests/change-gate.ts';
import { registerChangeRequestRoutes } from '../change-requests/change-request-routes.ts';
import { ChangeRequestService } from '../change-requests/change-request-service.ts';
import { escalateOperation } from '../escalation/escalate-operation.ts';
import { defaultEscalationConfig, type EscalationConfig } from '../escalation/escalation.ts';
import { registerEscalationRoutes } from '../escalation/escalation-routes.ts';
import { smtpAndWebhookChannels, type ChannelSettings, type NotificationChannels } from '../stakeholders/notification-channels.ts';
import { StakeholderNotifier } from '../stakeholders/stakeholder-notifier.ts';
import { registerStakeholderRoutes } from '../stakeholders/stakeholder-routes.ts';
import { office365ApprovalOperations, riposteApprovalOperation, type IncidentOfRun } from './approval-operations.ts';
import { registerApprovalRoutes } from './approval-routes.ts';
import { ApprovalService, type ApprovalServiceOptions } from './approval-service.ts';
import { runtimeCallbackDelivery } from './callback-delivery.ts';
import { openDecisionsGuard } from './open-decisions-guard.ts';

export interface ResponseProcessOptions {
  /** Base URL people reach the server at (answer links). */
  publicBaseUrl: string;
  /** SMTP relay and egress policy of notifications (ignored when `channels` is given). */
  notifications?: ChannelSettings;
  channels?: NotificationChannels;
  approvals?: Pick<ApprovalServiceOptions, 'defaultChat' | 'defaultTimeoutMs' | 'defaultOption' | 'secret' | 'onError'>;
  escalation?: EscalationConfig;
  /** Default: wait for an approved change request. */
  changeGate?: ChangeGatePolicy;
  /** The incident of a run (the change ledger's runIncidentResolver). */
  incidentOf?: IncidentOfRun;
}

export class ResponseProcess {
  readonly approvals: ApprovalService;
  readonly notifier: StakeholderNotifier;
  readonly changeRequests: ChangeRequestService;
  escalation: EscalationConfig;
  changeGate: ChangeGatePolicy;

  constructor(
    readonly ctx: SecurityContext,
    private readonly options: ResponseProcessOptions,
  ) {
    const channels = options.channels ?? smtpAndWebhookChannels(options.notifications);
    this.approvals = new ApprovalService({ ctx, publicBaseUrl: options.publicBaseUrl, channels, ...options.approvals });
    this.notifier = new StakeholderNotifier({ ctx, channels });
    this.changeRequests = new ChangeRequestService(ctx);
    // Open approvals and change requests of an incident keep it from being deleted.
    ctx.incidentDeletionGuards.add(openDecisionsGuard(this.approvals.store, this.changeRequests.store));
    this.escalation = options.escalation ?? defaultEscalationConfig;
    this.changeGate = options.changeGate ?? { mode: 'wait' };
  }

  /** The routes of approvals, escalation, roles, stakeholder policies, change requests and assets. */
  readonly module: RiposteModule = async (app, services) => {
    await registerApprovalRoutes(app, services, this.approvals);
    registerEscalationRoutes(services, () => this.escalation);
    registerStakeholderRoutes(services, this.notifier);
    registerChangeRequestRoutes(services, this.changeRequests);
    registerAssetRoutes(services, this.changeRequests.assets);
  };

  /** Adds "Send approval email" to `office365`, and approvals and escalation to `riposte` (created if absent). */
  extendConnectors(registry: ConnectorRegistry): ConnectorRegistry {
    const approvals = () => this.approvals;
    const office365 = registry.get('office365');
    if (office365) {
      registry.register({ ...office365, webhooks: [...(office365.webhooks ?? []), ...office365ApprovalOperations(approvals, this.options.incidentOf)] });
    }
    const riposte = registry.get('riposte') ?? { api: 'riposte', displayName: 'Riposte', operations: [] };
    registry.register({
      ...riposte,
      operations: [...riposte.operations, escalateOperation(() => this.ctx, () => this.escalation)],
      webhooks: [...(riposte.webhooks ?? []), riposteApprovalOperation(approvals, this.options.incidentOf)],
    });
    return registry;
  }

  /** Puts the change-request gate in front of a resolver (wrap the ledger's resolver with it). */
  gate(resolver: ConnectorResolver, incidentOf?: IncidentOfRun): ConnectorResolver {
    return withChangeRequestGate(resolver, this.gateOptions(incidentOf));
  }

  /**
   * The same for code typed against ConnectorRegistry (PlaybookService): give it the change
   * ledger's LedgeredConnectorRegistry (recovery-wiring's `connectors`).
   */
  gatedRegistry(ledgered: ConnectorRegistry, incidentOf?: IncidentOfRun): ConnectorRegistry {
    return new GatedConnectorRegistry(ledgered, this.gateOptions(incidentOf));
  }

  private gateOptions(incidentOf: IncidentOfRun | undefined): ChangeGateOptions {
    const of = incidentOf ?? this.options.incidentOf;
    return { changeRequests: this.changeRequests, policy: () => this.changeGate, incidentOf: of ?? (async () => ({ incidentId: null })) };
  }

  /** Answers go to the runs of this runtime. */
  bindRuntime(runtime: Pick<WorkflowRuntime, 'deliverCallback'>): void {
    this.approvals.bindDelivery(runtimeCallbackDelivery(runtime));
  }

  /** Starts the approval timeout timer and the stakeholder notifier (events, cadence, SLA sweep). */
  start(): void {
    this.approvals.startTimer();
    this.notifier.start();
  }

  stop(): void {
    this.approvals.stopTimer();
    this.notifier.stop();
  }
}
