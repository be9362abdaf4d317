import type { Alert } from '../../alerts/alert-schema.ts';
import type { SecurityContext } from '../../app/security-context.ts';
import { evaluateRules, incidentViewOfAlert, type AutomationIncident, type PropertyChange, type RulesEvaluation } from '../../domain/automation-rules/index.ts';
import { payloadAlertFromGraphAlert } from '../../domain/sentinel-payloads/index.ts';
import type { SecurityEvent } from '../../events/security-events.ts';
import { entitiesOfAlert } from '../../incidents/entities.ts';
import { addIncidentTask, updateIncident } from '../../incidents/incident-operations.ts';
import type { Incident, IncidentPatch } from '../../incidents/incident-schema.ts';
import type { LaunchOutcome, PlaybookLauncher } from '../../triggers/playbook-launcher.ts';
import { payloadIncidentOf } from '../../triggers/payloads.ts';
import type { AutomationRuleStore } from './rule-store.ts';

/** The actor automation rules act as: "automation-rule:<display name>". */
export const ruleActor = (displayName: string): string => `automation-rule:${displayName}`;

/** What one event did: the evaluation plus the runs started. */
export interface RuleExecution {
  evaluation: RulesEvaluation;
  launches: LaunchOutcome[];
}

function patchOf(changes: PropertyChange[]): IncidentPatch {
  const patch: Record<string, unknown> = {};
  for (const change of changes) patch[change.property] = change.after;
  return patch as IncidentPatch;
}

/** The incident as automation rules see it (Sentinel names, alerts, entities, comments). */
export async function automationViewOf(ctx: SecurityContext, incident: Incident): Promise<AutomationIncident> {
  return (await payloadIncidentOf(ctx, incident)) as unknown as AutomationIncident;
}

/**
 * Runs automation rules on incident and alert events, in `order`, persisting what they change.
 *
 * Loop safety follows Sentinel: changes made by automation rules do not trigger rules again (their
 * updates carry the actor "automation-rule:…" and are ignored here), while updates made by people
 * and playbooks do. A playbook is not started again by an update that the same playbook made.
 */
export class AutomationRuleExecutor {
  private readonly evaluated;
  private readonly matched;
  private readonly latency;

  constructor(
    private readonly ctx: SecurityContext,
    private readonly rules: AutomationRuleStore,
    private readonly launcher: PlaybookLauncher,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.evaluated = ctx.metrics.counter('riposte_automation_rule_evaluations_total', 'Automation rule evaluations by trigger and outcome (matched, skipped, no-match).');
    this.matched = ctx.metrics.counter('riposte_automation_rule_actions_total', 'Actions taken by automation rules, by type.');
    this.latency = ctx.metrics.histogram('riposte_automation_rules_seconds', 'Time to evaluate and apply the automation rules of one event.');
  }

  /** Subscribes to the event bus; returns the unsubscribe function. */
  subscribe(): () => void {
    const offs = [
      this.ctx.events.on('incident.created', (e) => this.guard(this.onIncident('Created', e.incident, undefined, e.actor))),
      this.ctx.events.on('incident.updated', (e) => this.guard(this.onIncident('Updated', e.incident, e.before, e.actor))),
      this.ctx.events.on('alert.created', (e) => this.guard(this.onAlert(e.alert))),
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

  /** Evaluates and applies the rules for one incident event. */
  async onIncident(trigger: 'Created' | 'Updated', incident: Incident, before: Incident | undefined, actor: string): Promise<RuleExecution | undefined> {
    if (trigger === 'Updated' && actor.startsWith('automation-rule:')) return undefined;
    const rules = this.rules.list();
    if (rules.length === 0) return undefined;
    const started = performance.now();
    const after = await automationViewOf(this.ctx, incident);
    const beforeView = before ? ((await payloadIncidentOf(this.ctx, before)) as unknown as AutomationIncident) : undefined;
    if (beforeView && actor.startsWith('playbook:')) after.updatedBySource = 'Playbook';
    const evaluation = evaluateRules(rules, { kind: 'Incidents', trigger, ...(beforeView ? { before: beforeView } : {}), after, now: this.ctx.clock() });
    const launches: LaunchOutcome[] = [];
    for (const outcome of evaluation.applied) {
      this.evaluated.inc({ trigger, outcome: outcome.skippedReason ? 'skipped' : outcome.matched ? 'matched' : 'no-match' });
      if (!outcome.matched) continue;
      const by = ruleActor(outcome.displayName);
      let current = incident;
      if (outcome.changes.length > 0) {
        current = await updateIncident(this.ctx, incident.id, patchOf(outcome.changes), by);
        this.matched.inc({ action: 'ModifyProperties' });
      }
      for (const task of outcome.tasks) {
        await addIncidentTask(this.ctx, incident.id, { title: task.title, description: task.description, status: 'New' }, by);
        this.matched.inc({ action: 'AddIncidentTask' });
      }
      for (const { logicAppResourceId } of outcome.playbooks) {
        const target = this.launcher.playbooks.find(logicAppResourceId);
        if (trigger === 'Updated' && target && actor === `playbook:${target.name}`) continue;
        const fresh = (await this.ctx.store.getIncident(incident.id)) ?? current;
        launches.push(await this.launcher.incident(logicAppResourceId, fresh, by, trigger === 'Created' ? 'Create' : 'Update', trigger === 'Updated' ? actor : undefined));
        this.matched.inc({ action: 'RunPlaybook' });
      }
    }
    this.latency.observe((performance.now() - started) / 1000, { trigger });
    return { evaluation, launches };
  }

  /** Rules with triggersOn Alerts: run their playbooks with the Sentinel alert trigger payload. */
  async onAlert(alert: Alert): Promise<RuleExecution | undefined> {
    const rules = this.rules.list().filter((r) => r.properties.triggeringLogic.triggersOn === 'Alerts');
    if (rules.length === 0) return undefined;
    const payloadAlert = payloadAlertFromGraphAlert(alert, entitiesOfAlert(alert));
    const view = incidentViewOfAlert(payloadAlert as Parameters<typeof incidentViewOfAlert>[0]);
    const evaluation = evaluateRules(rules, { kind: 'Alerts', trigger: 'Created', after: view, now: this.ctx.clock() });
    const launches: LaunchOutcome[] = [];
    for (const outcome of evaluation.applied) {
      this.evaluated.inc({ trigger: 'AlertCreated', outcome: outcome.skippedReason ? 'skipped' : outcome.matched ? 'matched' : 'no-match' });
      if (!outcome.matched) continue;
      for (const { logicAppResourceId } of outcome.playbooks) {
        launches.push(await this.launcher.alert(logicAppResourceId, alert, ruleActor(outcome.displayName), ['sentinel-alert']));
        this.matched.inc({ action: 'RunPlaybook' });
      }
    }
    return { evaluation, launches };
  }

  /** Which rules would fire for an incident and what each would change; changes nothing. */
  dryRun(incident: AutomationIncident, trigger: 'Created' | 'Updated', before?: AutomationIncident): RulesEvaluation {
    return evaluateRules(this.rules.list(), { kind: 'Incidents', trigger, ...(before ? { before } : {}), after: incident, now: this.ctx.clock() });
  }
}

export type { SecurityEvent };
