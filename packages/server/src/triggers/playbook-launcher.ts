import type { RunHandle } from '@riposte/engine';
import type { Alert } from '../alerts/alert-schema.ts';
import type { SecurityContext } from '../app/security-context.ts';
import type { SentinelWorkspace } from '../domain/sentinel-payloads/index.ts';
import type { Incident } from '../incidents/incident-schema.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';
import type { Playbook } from '../playbooks/playbook-store.ts';
import { defenderAlertPayload, graphAlertTriggerBody, incidentTriggerBody, sentinelAlertTriggerBody } from './payloads.ts';

export interface LaunchOutcome {
  playbook: string;
  runId?: string;
  /** Why no run was started: unknown playbook, disabled, or a trigger that cannot take this event. */
  skipped?: 'not-found' | 'disabled' | 'wrong-trigger';
}

/** Starts playbooks for security events with the payload their trigger expects (what Azure would send). */
export class PlaybookLauncher {
  constructor(
    private readonly ctx: SecurityContext,
    readonly playbooks: PlaybookService,
    readonly workspace: SentinelWorkspace,
    private readonly publicBaseUrl: () => string | undefined,
  ) {}

  private resolve(reference: string, accepts: readonly string[]): { playbook?: Playbook; outcome?: LaunchOutcome } {
    const playbook = this.playbooks.find(reference);
    if (!playbook) return { outcome: { playbook: reference, skipped: 'not-found' } };
    if (!playbook.enabled) return { outcome: { playbook: playbook.name, skipped: 'disabled' } };
    if (!accepts.includes(playbook.triggerKind)) return { outcome: { playbook: playbook.name, skipped: 'wrong-trigger' } };
    return { playbook };
  }

  private async launch(playbook: Playbook, triggerBody: unknown, startedBy: string): Promise<LaunchOutcome & { handle: RunHandle }> {
    const handle = await this.playbooks.start(playbook, { triggerOutputs: { headers: {}, body: triggerBody }, startedBy });
    return { playbook: playbook.name, runId: handle.runId, handle };
  }

  /** Sentinel incident trigger (`/incident-creation`), as automation rules start it. */
  async incident(reference: string, incident: Incident, startedBy: string, objectEventType: 'Create' | 'Update' = 'Create', updatedBy?: string): Promise<LaunchOutcome> {
    const { playbook, outcome } = this.resolve(reference, ['sentinel-incident']);
    if (!playbook) return outcome!;
    const base = this.publicBaseUrl();
    const body = await incidentTriggerBody(this.ctx, incident, this.workspace, { objectEventType, ...(updatedBy ? { updatedBy } : {}), ...(base ? { publicBaseUrl: base } : {}) });
    return this.launch(playbook, body, startedBy);
  }

  /** Alert triggers: Sentinel `/subscribe`, Defender `ascalert`, Graph "On all new alerts" — whichever the playbook has. */
  async alert(reference: string | Playbook, alert: Alert, startedBy: string, accepts: readonly string[] = ['sentinel-alert', 'defender-alert', 'graph-alert']): Promise<LaunchOutcome> {
    const { playbook, outcome } = typeof reference === 'string' ? this.resolve(reference, accepts) : { playbook: reference, outcome: undefined };
    if (!playbook) return outcome!;
    return this.launch(playbook, this.alertBody(playbook, alert), startedBy);
  }

  /** The body an alert-trigger playbook receives for an alert. */
  alertBody(playbook: Playbook, alert: Alert): unknown {
    if (playbook.triggerKind === 'sentinel-alert') return sentinelAlertTriggerBody(alert, this.workspace);
    if (playbook.triggerKind === 'graph-alert') return graphAlertTriggerBody(alert);
    return defenderAlertPayload(alert, this.workspace);
  }

  /** Any playbook with a chosen body (workflow automations on assessments, webhooks). */
  async withBody(reference: string, body: unknown, startedBy: string): Promise<LaunchOutcome> {
    const playbook = this.playbooks.find(reference);
    if (!playbook) return { playbook: reference, skipped: 'not-found' };
    if (!playbook.enabled) return { playbook: playbook.name, skipped: 'disabled' };
    return this.launch(playbook, body, startedBy);
  }
}
