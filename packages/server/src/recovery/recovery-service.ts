/**
 * Recovery of an incident to its pre-incident state: plans built from the change ledger (dry run
 * or stored for approval), approval by the incident lead or a role the policy names, and durable
 * runs that move the incident to the Recovery phase. Every decision is on the incident's timeline
 * and in the audit log.
 */
import type { ConnectorResolver, RunStore } from '@riposte/engine';
import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { ApiError, ConflictError, NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { findIncident, updateIncident } from '../incidents/incident-operations.ts';
import type { Incident } from '../incidents/incident-schema.ts';
import { phaseTransitionAllowed } from '../incidents/incident-patch.ts';
import { timelineOf } from '../incidents/timeline.ts';
import type { ChangeLedger } from '../ledger/change-ledger.ts';
import { defaultRecoveryPolicy, mayApprove, type RecoveryPolicy } from './recovery-policy.ts';
import { planSteps, type RecoveryPlan, type StepStatus } from './recovery-plan.ts';
import { runSteps } from './recovery-runner.ts';
import { RecoveryStore } from './recovery-store.ts';
import { bindEntry, runConnectionSettings, stepError, type ConnectionSettingsSource } from './restore-request.ts';

export interface RecoveryServiceOptions {
  ctx: SecurityContext;
  ledger: ChangeLedger;
  /** Resolves the connectors that made the changes (the same registry runs use; the vault wrapper supplies credentials). */
  connectors: ConnectorResolver;
  /** The run journal: the default credentials source is the `$connections` of the run that made a change. */
  runs?: RunStore;
  connectionSettings?: ConnectionSettingsSource;
  policy?: Partial<RecoveryPolicy>;
}

/** Who asks: the audit "who" and every name the incident's roles may list them under. */
export interface RecoveryCaller {
  actor: string;
  names: string[];
}

/** What a person reads after a run: counts per status and where a re-run would continue. */
export interface RecoveryReport {
  planId: string;
  incidentId: string;
  status: RecoveryPlan['status'];
  counts: Partial<Record<StepStatus, number>>;
  /** Position of the first step a re-run would do, or null when nothing is left. */
  resumeFrom: number | null;
  /** Whether the run finished by the incident's time-to-recovery deadline (null while unfinished or without one). */
  withinSla: boolean | null;
  steps: Array<{ position: number; resource: { kind: string; id: string }; operationId: string; status: StepStatus; error?: { code: string; message: string } | null }>;
}

export class RecoveryService {
  readonly store: RecoveryStore;
  readonly policy: RecoveryPolicy;
  private readonly active = new Map<string, Promise<RecoveryPlan>>();
  private readonly settingsOf: ConnectionSettingsSource;

  constructor(private readonly options: RecoveryServiceOptions) {
    this.store = new RecoveryStore(options.ctx.store);
    this.policy = { ...defaultRecoveryPolicy, ...options.policy };
    const fromRuns = options.runs ? runConnectionSettings(options.runs) : async () => undefined;
    this.settingsOf = options.connectionSettings ?? fromRuns;
  }

  private get ctx(): SecurityContext {
    return this.options.ctx;
  }

  private now(): string {
    return formatTimestamp(this.ctx.clock());
  }

  /** The incident by id or number, or a 404. */
  async requireIncident(idOrNumber: string): Promise<Incident> {
    const incident = await findIncident(this.ctx.store, idOrNumber);
    if (!incident) throw new NotFoundError('incident', idOrNumber);
    return incident;
  }

  /** A plan as it would be made now, not stored: per resource the current and the restored state. */
  async preview(incidentIdOrNumber: string, options: { force?: boolean; actor?: string } = {}): Promise<RecoveryPlan> {
    const incident = await this.requireIncident(incidentIdOrNumber);
    return this.build(incident, options.actor ?? 'dry-run', options.force ?? false);
  }

  private async build(incident: Incident, actor: string, force: boolean): Promise<RecoveryPlan> {
    const entries = this.options.ledger.listForIncident(incident.id);
    const signal = new AbortController().signal;
    const { steps, unapplied } = await planSteps(entries, async (entry) => {
      try {
        const bound = await bindEntry(entry, this.options.ledger.openRequest(entry), this.options.connectors, this.settingsOf, `recovery-plan/${entry.id}`, signal);
        if (!bound) return { ok: false, error: { code: 'ConnectorNotAvailable', message: `no connector operation can read ${entry.resource.kind} '${entry.resource.id}'` } };
        return { ok: true, state: await bound.operation.state!.read(bound.request) };
      } catch (err) {
        return { ok: false, error: stepError(err, 'ReadFailed') };
      }
    });
    return {
      id: this.ctx.newId(),
      incidentId: incident.id,
      status: 'awaiting-approval',
      force,
      createdAt: this.now(),
      createdBy: actor,
      approvedBy: null,
      approvedAt: null,
      startedAt: null,
      finishedAt: null,
      recoverBy: incident.sla?.recoverBy ?? null,
      unappliedEntries: unapplied,
      steps,
    };
  }

  /** Stores a plan that waits for approval. */
  async create(incidentIdOrNumber: string, actor: string, options: { force?: boolean } = {}): Promise<RecoveryPlan> {
    const incident = await this.requireIncident(incidentIdOrNumber);
    // Two plans restoring the same resources at once would race; one waiting for approval may be superseded.
    const inFlight = this.store.listForIncident(incident.id).find((p) => p.status === 'approved' || p.status === 'running');
    if (inFlight) throw new ConflictError(`incident ${incident.number} already has recovery plan '${inFlight.id}' ${inFlight.status}: let it finish before planning another`);
    const plan = await this.build(incident, actor, options.force ?? false);
    await this.store.insert(plan);
    await this.record(plan, actor, 'recoveryPlanned', 'create', { planId: plan.id, steps: plan.steps.length, conflicts: plan.steps.filter((s) => s.conflict).length, force: plan.force });
    return plan;
  }

  /** A stored plan with its steps, or a 404. */
  requirePlan(planId: string): RecoveryPlan {
    const plan = this.store.get(planId);
    if (!plan) throw new NotFoundError('recovery plan', planId);
    return plan;
  }

  /** Approves a plan; only a holder of a role the policy names (the lead by default) may. */
  async approve(planId: string, caller: RecoveryCaller): Promise<RecoveryPlan> {
    const plan = this.requirePlan(planId);
    const incident = await this.requireIncident(plan.incidentId);
    const role = mayApprove(this.policy, incident.roles, caller.names);
    if (!role) {
      await this.record(plan, caller.actor, 'recoveryApprovalRefused', 'approve-refused', { planId: plan.id });
      throw new ApiError('Forbidden', `only the incident's ${this.policy.approverRoles.join(' or ')} may approve this recovery plan`);
    }
    return this.markApproved(plan, `${caller.actor} (${role})`);
  }

  private async markApproved(plan: RecoveryPlan, by: string): Promise<RecoveryPlan> {
    if (plan.status !== 'awaiting-approval') throw new ConflictError(`recovery plan '${plan.id}' is ${plan.status}, not awaiting approval`);
    const approved: RecoveryPlan = { ...plan, status: 'approved', approvedBy: by, approvedAt: this.now() };
    await this.store.updatePlan(approved);
    await this.record(approved, by, 'recoveryApproved', 'approve', { planId: plan.id });
    return approved;
  }

  /**
   * Runs an approved plan (or continues a failed or interrupted one from its first unfinished
   * step); resolves when the run stopped. A second call while it runs joins the first.
   */
  run(planId: string, actor: string): Promise<RecoveryPlan> {
    const running = this.active.get(planId);
    if (running) return running;
    let plan: RecoveryPlan;
    try {
      plan = this.runnable(planId);
    } catch (err) {
      return Promise.reject(err);
    }
    if (plan.status === 'succeeded') return Promise.resolve(plan);
    const work = this.execute(plan, actor).finally(() => this.active.delete(planId));
    this.active.set(planId, work);
    return work;
  }

  /** Starts (or joins) a run in the background; refusals (unknown, not approved) are thrown at once. */
  start(planId: string, actor: string): void {
    if (!this.active.has(planId)) this.runnable(planId);
    void this.run(planId, actor).catch(() => undefined);
  }

  private runnable(planId: string): RecoveryPlan {
    const plan = this.requirePlan(planId);
    if (plan.status === 'awaiting-approval') throw new ConflictError(`recovery plan '${planId}' has not been approved`);
    const other = this.store.listForIncident(plan.incidentId).find((p) => p.id !== planId && p.status === 'running');
    if (other) throw new ConflictError(`recovery plan '${other.id}' of the same incident is running: let it finish first`);
    return plan;
  }

  private async execute(plan: RecoveryPlan, actor: string): Promise<RecoveryPlan> {
    const started: RecoveryPlan = { ...plan, status: 'running', startedAt: plan.startedAt ?? this.now(), finishedAt: null };
    await this.store.updatePlan(started);
    const incident = await this.requireIncident(plan.incidentId);
    if (incident.phase !== 'Recovery' && phaseTransitionAllowed(incident.phase, 'Recovery')) {
      await updateIncident(this.ctx, incident.id, { phase: 'Recovery' }, actor);
    }
    await this.record(started, actor, 'recoveryStarted', 'run', { planId: plan.id, resumeFrom: report(started).resumeFrom });
    const after = await runSteps(
      { ledger: this.options.ledger, store: this.store, connectors: this.options.connectors, connectionSettings: this.settingsOf, clock: this.ctx.clock },
      started,
      new AbortController().signal,
    );
    const stopped = after.steps.some((s) => s.status === 'failed' || s.status === 'verified-mismatch');
    const finished: RecoveryPlan = { ...after, status: stopped ? 'failed' : 'succeeded', finishedAt: this.now() };
    await this.store.updatePlan(finished);
    await this.record(finished, actor, 'recoveryFinished', 'finish', { planId: plan.id, status: finished.status, counts: report(finished).counts });
    return finished;
  }

  /**
   * What a playbook's "Recover incident" does: creates a plan, and when asked and the policy allows
   * it, approves and starts it at once (without waiting for the run to end).
   */
  async startFromPlaybook(incidentIdOrNumber: string, input: { approve: boolean; force: boolean; runId: string }): Promise<RecoveryPlan> {
    const actor = `run:${input.runId}`;
    const plan = await this.create(incidentIdOrNumber, actor, { force: input.force });
    if (!input.approve || !this.policy.allowAutoApprove) return plan;
    const approved = await this.markApproved(plan, `${actor} (policy: auto-approve)`);
    void this.run(approved.id, actor).catch(() => undefined);
    return { ...approved, status: 'running' };
  }

  /** Continues every plan a previous process left running. */
  async resumeUnfinished(actor = 'system:resume'): Promise<RecoveryPlan[]> {
    const out: RecoveryPlan[] = [];
    for (const id of this.store.idsWithStatus('running')) out.push(await this.run(id, actor));
    return out;
  }

  private async record(plan: RecoveryPlan, actor: string, action: string, auditAction: string, after: unknown): Promise<void> {
    const at = this.now();
    await this.ctx.store.transaction(async (tx) => {
      await tx.appendTimeline(timelineOf(plan.incidentId, action, [{ field: 'recovery', before: null, after }], { newId: this.ctx.newId, at, actor }));
      await tx.appendAudit([auditEntry({ newId: this.ctx.newId, at }, actor, 'recovery.plan', plan.id, auditAction, null, after)]);
    });
  }
}

/** The per-status summary of a plan and where a re-run would continue. */
export function report(plan: RecoveryPlan): RecoveryReport {
  const counts: RecoveryReport['counts'] = {};
  for (const s of plan.steps) counts[s.status] = (counts[s.status] ?? 0) + 1;
  const next = plan.steps.find((s) => s.status === 'pending' || s.status === 'running' || s.status === 'failed' || s.status === 'verified-mismatch');
  return {
    planId: plan.id,
    incidentId: plan.incidentId,
    status: plan.status,
    counts,
    resumeFrom: next ? next.position : null,
    withinSla: plan.finishedAt && plan.recoverBy ? plan.finishedAt <= plan.recoverBy : null,
    steps: plan.steps.map((s) => ({ position: s.position, resource: s.resource, operationId: s.operationId, status: s.status, ...(s.error ? { error: s.error } : {}) })),
  };
}
