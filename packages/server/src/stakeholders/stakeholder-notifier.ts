/**
 * Keeps stakeholders informed: listens to committed incident events, matches them against the
 * stakeholder policies, renders each policy's template and sends it by email and chat; repeats on
 * each policy's cadence while its condition holds (next due time stored, so restarts keep the
 * rhythm); notices SLA breaches on its periodic sweep. Every notice sent (or failed) is a timeline
 * entry of the incident.
 */
import { randomUUID } from 'node:crypto';
import type { SecurityContext } from '../app/security-context.ts';
import { NotFoundError } from '../common/errors.ts';
import { formatTimestamp, timestampMillis } from '../common/timestamp.ts';
import type { SecurityEvent } from '../events/security-events.ts';
import { incidentSeverityRank, type Incident, type IncidentSeverity } from '../incidents/incident-schema.ts';
import { slaAsOf } from '../incidents/sla.ts';
import { responseDatabaseOf } from '../approvals/response-database.ts';
import { escapeHtml, type NotificationChannels } from './notification-channels.ts';
import { checkTemplates, renderTemplate, type NoticeData } from './notice-template.ts';
import { StakeholderPolicyStore } from './policy-store.ts';
import type { PolicyTriggerKind, StakeholderPolicy, StakeholderPolicyInput } from './stakeholder-policy.ts';
import { noteOnTimeline } from './timeline-note.ts';

export interface StakeholderNotifierOptions {
  ctx: SecurityContext;
  channels: NotificationChannels;
  /** How often the cadence and SLA sweep runs when started (default one minute). */
  sweepMs?: number;
}

type NoticeKind = PolicyTriggerKind | 'cadence';

const atLeast = (severity: IncidentSeverity, min: IncidentSeverity | undefined) => min === undefined || incidentSeverityRank[severity] >= incidentSeverityRank[min];

export class StakeholderNotifier {
  readonly store: StakeholderPolicyStore;
  private unsubscribe?: () => void;
  private sweep?: ReturnType<typeof setInterval>;

  constructor(private readonly options: StakeholderNotifierOptions) {
    this.store = new StakeholderPolicyStore(responseDatabaseOf(options.ctx.store));
  }

  private get ctx(): SecurityContext {
    return this.options.ctx;
  }

  private now(): string {
    return formatTimestamp(this.ctx.clock());
  }

  /** Creates a policy (templates checked first). */
  create(input: StakeholderPolicyInput, actor: string): StakeholderPolicy {
    checkTemplates(input.template);
    const at = this.now();
    const policy: StakeholderPolicy = { ...input, id: randomUUID(), createdAt: at, updatedAt: at, createdBy: actor };
    this.store.put(policy);
    return policy;
  }

  /** Replaces a policy's settings. */
  replace(id: string, input: StakeholderPolicyInput): StakeholderPolicy {
    const current = this.store.get(id);
    if (!current) throw new NotFoundError('stakeholder policy', id);
    checkTemplates(input.template);
    const policy: StakeholderPolicy = { ...input, id, createdAt: current.createdAt, createdBy: current.createdBy, updatedAt: this.now() };
    this.store.put(policy);
    return policy;
  }

  remove(id: string): void {
    if (!this.store.delete(id)) throw new NotFoundError('stakeholder policy', id);
  }

  /** Starts listening to incident events and sweeping cadences and SLA breaches. */
  start(): void {
    if (this.unsubscribe) return;
    const offCreated = this.ctx.events.on('incident.created', (e) => this.onEvent(e));
    const offUpdated = this.ctx.events.on('incident.updated', (e) => this.onEvent(e));
    this.unsubscribe = () => {
      offCreated();
      offUpdated();
    };
    this.sweep = setInterval(() => void this.tick().catch(() => {}), this.options.sweepMs ?? 60_000);
    this.sweep.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
  }

  /** Matches one committed event against every enabled policy and sends what they ask for. */
  async onEvent(event: SecurityEvent): Promise<void> {
    if (event.type !== 'incident.created' && event.type !== 'incident.updated') return;
    const incident = event.incident;
    for (const policy of this.store.list()) {
      if (!policy.enabled) continue;
      const kind = this.matchedTrigger(policy, event);
      if (kind) await this.notify(policy, incident, this.eventData(kind, event));
      this.refreshCadence(policy, incident);
    }
  }

  /** Sends the cadence notices that are due and the SLA-breach notices not yet sent; returns how many notices went out. */
  async tick(): Promise<number> {
    const now = this.now();
    let sent = 0;
    await this.seedCadences();
    for (const due of this.store.due(now)) {
      const policy = this.store.get(due.policyId);
      const incident = await this.ctx.store.getIncident(due.incidentId);
      if (!policy?.enabled || !policy.cadence || !incident || !this.cadenceHolds(policy, incident)) {
        this.store.clearCadence(due.policyId, due.incidentId);
        continue;
      }
      // Skip beats missed while the server was down: one notice now, the next a full period later.
      const every = policy.cadence.everyMinutes * 60_000;
      let next = timestampMillis(due.nextDue) + every;
      const nowMs = timestampMillis(now);
      if (next <= nowMs) next = nowMs + every;
      this.store.setNextDue(policy.id, incident.id, formatTimestamp(new Date(next)));
      await this.notify(policy, incident, { kind: 'cadence', at: now, after: { nextDue: formatTimestamp(new Date(next)) } });
      sent++;
    }
    sent += await this.sweepSla(now);
    return sent;
  }

  /** Starts the cadence of open incidents that had no event since their policy was created. */
  private async seedCadences(): Promise<void> {
    const policies = this.store.list().filter((p) => p.enabled && p.cadence);
    if (policies.length === 0) return;
    for (const status of ['New', 'Active'] as const) {
      for (const incident of (await this.ctx.store.listIncidents({ status, top: 1000, skip: 0 })).items) {
        for (const policy of policies) this.refreshCadence(policy, incident);
      }
    }
  }

  private async sweepSla(now: string): Promise<number> {
    const policies = this.store.list().filter((p) => p.enabled && p.triggers.some((t) => t.on === 'slaBreached'));
    if (policies.length === 0) return 0;
    let sent = 0;
    for (const status of ['New', 'Active'] as const) {
      const page = await this.ctx.store.listIncidents({ status, top: 1000, skip: 0 });
      for (const stored of page.items) {
        const sla = slaAsOf(stored, now, this.ctx.sla);
        const breaches = [...(sla.acknowledgeBreached && !sla.acknowledgedAt ? ['acknowledge'] : []), ...(sla.recoveryBreached ? ['recovery'] : [])];
        for (const policy of policies) {
          if (!atLeast(stored.severity, policy.minSeverity)) continue;
          for (const breach of breaches) {
            if (!this.store.markSent(policy.id, stored.id, `sla:${breach}`, now)) continue;
            await this.notify(policy, { ...stored, sla }, { kind: 'slaBreached', at: now, after: breach });
            sent++;
          }
        }
      }
    }
    return sent;
  }

  private matchedTrigger(policy: StakeholderPolicy, event: Extract<SecurityEvent, { type: 'incident.created' | 'incident.updated' }>): PolicyTriggerKind | undefined {
    const incident = event.incident;
    if (!atLeast(incident.severity, policy.minSeverity)) return undefined;
    const changed = (field: string) => (event.type === 'incident.updated' ? event.changes.some((c) => c.field === field) : false);
    for (const t of policy.triggers) {
      switch (t.on) {
        case 'incidentCreated':
          if (event.type === 'incident.created' && atLeast(incident.severity, t.minSeverity)) return t.on;
          break;
        case 'severityChanged':
          if (changed('severity') && atLeast(incident.severity, t.minSeverity)) return t.on;
          break;
        case 'phaseChanged':
          if (changed('phase') && (!t.phases?.length || t.phases.includes(incident.phase))) return t.on;
          break;
        case 'resolved':
          if (event.type === 'incident.updated' && incident.status === 'Closed' && event.before.status !== 'Closed') return t.on;
          break;
        case 'slaBreached':
          break;
      }
    }
    return undefined;
  }

  private eventData(kind: NoticeKind, event: Extract<SecurityEvent, { type: 'incident.created' | 'incident.updated' }>): NoticeData['event'] {
    const field = kind === 'severityChanged' ? 'severity' : kind === 'phaseChanged' ? 'phase' : kind === 'resolved' ? 'status' : undefined;
    const change = event.type === 'incident.updated' && field ? event.changes.find((c) => c.field === field) : undefined;
    return { kind, at: this.now(), ...(change ? { before: change.before, after: change.after } : {}) };
  }

  private cadenceHolds(policy: StakeholderPolicy, incident: Incident): boolean {
    if (!policy.cadence || incident.status === 'Closed') return false;
    return atLeast(incident.severity, policy.minSeverity) && atLeast(incident.severity, policy.cadence.whileSeverityAtLeast);
  }

  private refreshCadence(policy: StakeholderPolicy, incident: Incident): void {
    if (!policy.cadence) return;
    if (!this.cadenceHolds(policy, incident)) {
      this.store.clearCadence(policy.id, incident.id);
      return;
    }
    if (this.store.nextDue(policy.id, incident.id)) return;
    this.store.setNextDue(policy.id, incident.id, formatTimestamp(new Date(this.ctx.clock().getTime() + policy.cadence.everyMinutes * 60_000)));
  }

  /** Renders and sends one notice to every recipient of the policy; each send is on the timeline. */
  private async notify(policy: StakeholderPolicy, incident: Incident, event: NoticeData['event']): Promise<void> {
    const data: NoticeData = { incident, event, policy: { id: policy.id, name: policy.name } };
    const now = this.ctx.clock();
    const subject = renderTemplate(policy.template.subject, data, now).replace(/[\r\n]+/g, ' ').slice(0, 998);
    const body = renderTemplate(policy.template.body, data, now);
    const roleAddresses = policy.recipients.roles.flatMap((r) => {
      const holder = incident.roles[r];
      return holder && holder.includes('@') ? [holder] : [];
    });
    const emails = [...new Set([...policy.recipients.emails, ...roleAddresses].map((a) => a.toLowerCase()))];
    const sends: Array<{ channel: 'email' | 'chat'; to: string; send: () => Promise<unknown> }> = [];
    if (emails.length > 0) {
      const html = `<p>${escapeHtml(body).replace(/\r?\n/g, '<br>')}</p>`;
      sends.push({ channel: 'email', to: emails.join(', '), send: () => this.options.channels.email({ to: emails, subject, html, text: body }) });
    }
    for (const chat of policy.recipients.chat) {
      sends.push({ channel: 'chat', to: `${chat.format} webhook ${new URL(chat.webhookUrl).host}`, send: () => this.options.channels.chat({ webhookUrl: chat.webhookUrl, format: chat.format, title: subject, text: body }) });
    }
    for (const s of sends) {
      let error: string | undefined;
      try {
        await s.send();
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      await noteOnTimeline(this.ctx, {
        incidentId: incident.id,
        action: error ? 'notificationFailed' : 'notificationSent',
        actor: `stakeholder-policy:${policy.id}`,
        field: `stakeholders/${policy.id}`,
        after: { policy: policy.name, trigger: event.kind, channel: s.channel, to: s.to, subject, ...(error ? { error } : {}) },
        entityType: 'stakeholder-policy',
        entityId: policy.id,
      });
    }
  }
}
