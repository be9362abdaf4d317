import type { HttpClient } from '@riposte/engine';
import type { SecurityContext } from '../../app/security-context.ts';
import { matchAutomation } from '../../domain/workflow-automations/index.ts';
import type { LaunchOutcome, PlaybookLauncher } from '../../triggers/playbook-launcher.ts';
import { assessmentPayload, defenderAlertPayload } from '../../triggers/payloads.ts';
import type { Assessment } from '../../assessments/assessment-schema.ts';
import type { WorkflowAutomationStore, StoredWorkflowAutomation } from './automation-store.ts';

/** The actor workflow automations act as. */
export const automationActor = (name: string): string => `workflow-automation:${name}`;

export interface WebhookOutcome {
  uri: string;
  statusCode?: number;
  error?: string;
}

/**
 * Runs Defender for Cloud workflow automations: on alert.created (eventSource Alerts, the ascalert
 * payload) and assessment.created/updated (Assessments, RegulatoryComplianceAssessment, the
 * assessment resource); LogicApp actions start the named Riposte playbook with that payload, Webhook
 * actions POST it (through the egress policy).
 */
export class WorkflowAutomationExecutor {
  private readonly fired;

  constructor(
    private readonly ctx: SecurityContext,
    private readonly automations: WorkflowAutomationStore,
    private readonly launcher: PlaybookLauncher,
    private readonly http: HttpClient,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.fired = ctx.metrics.counter('riposte_workflow_automation_actions_total', 'Workflow automation actions by event source, action type and outcome.');
  }

  subscribe(): () => void {
    const offs = [
      // The Defender alert payload is built only when some enabled automation listens to alerts.
      this.ctx.events.on('alert.created', (e) => (this.listensTo('Alerts') ? this.guard(this.dispatch('Alerts', defenderAlertPayload(e.alert, this.launcher.workspace))) : undefined)),
      this.ctx.events.on('assessment.created', (e) => this.guard(this.onAssessment(e.assessment))),
      this.ctx.events.on('assessment.updated', (e) => this.guard(this.onAssessment(e.assessment))),
    ];
    return () => offs.forEach((off) => off());
  }

  private async guard(p: Promise<unknown>): Promise<void> {
    try {
      await p;
    } catch (err) {
      this.onError(err);
    }
  }

  private onAssessment(assessment: Assessment) {
    const source = assessment.kind === 'regulatoryComplianceAssessment' ? 'RegulatoryComplianceAssessment' : 'Assessments';
    return this.dispatch(source, assessmentPayload(assessment));
  }

  /** Whether some enabled automation has a source of this event type. */
  private listensTo(eventSource: string): boolean {
    const wanted = eventSource.toLowerCase();
    return this.automations.list().some((a) => a.properties.isEnabled && a.properties.sources.some((s) => s.eventSource.toLowerCase() === wanted));
  }

  /** Whether some enabled LogicApp action of an automation names this playbook (then the automation decides when it runs). */
  targets(playbookId: string, playbookName: string): boolean {
    const wanted = [playbookId.toLowerCase(), playbookName.toLowerCase()];
    return this.automations
      .list()
      .some((a) => a.properties.actions.some((x) => x.actionType === 'LogicApp' && wanted.includes((x.logicAppResourceId.split('/').pop() ?? '').toLowerCase())));
  }

  /** Runs every matching automation for one event. */
  async dispatch(eventSource: string, payload: Record<string, unknown>): Promise<Array<LaunchOutcome | WebhookOutcome>> {
    const outcomes: Array<LaunchOutcome | WebhookOutcome> = [];
    // Riposte's alerts belong to no Azure subscription, so scopes apply to assessments (which name their resource) only.
    const resourceId = eventSource !== 'Alerts' && typeof payload.id === 'string' ? payload.id : undefined;
    for (const automation of this.automations.list()) {
      if (!matchAutomation(automation.properties, { eventSource, payload, ...(resourceId ? { resourceId } : {}) })) continue;
      outcomes.push(...(await this.act(automation, eventSource, payload)));
    }
    return outcomes;
  }

  private async act(automation: StoredWorkflowAutomation, eventSource: string, payload: unknown): Promise<Array<LaunchOutcome | WebhookOutcome>> {
    const out: Array<LaunchOutcome | WebhookOutcome> = [];
    for (const action of automation.properties.actions) {
      if (action.actionType === 'LogicApp') {
        const launched = await this.launcher.withBody(action.logicAppResourceId, payload, automationActor(automation.id));
        this.fired.inc({ source: eventSource, action: 'LogicApp', outcome: launched.skipped ?? 'started' });
        out.push(launched);
      } else if (action.actionType === 'Webhook') {
        try {
          const res = await this.http.send({ method: 'POST', url: action.uri, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), timeoutMs: 10_000 });
          this.fired.inc({ source: eventSource, action: 'Webhook', outcome: res.statusCode < 300 ? 'delivered' : 'failed' });
          out.push({ uri: action.uri, statusCode: res.statusCode });
        } catch (err) {
          this.fired.inc({ source: eventSource, action: 'Webhook', outcome: 'failed' });
          out.push({ uri: action.uri, error: (err as Error).message });
        }
      } else {
        this.fired.inc({ source: eventSource, action: action.actionType, outcome: 'unsupported' });
      }
    }
    return out;
  }
}
