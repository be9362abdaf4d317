import { evaluateCondition } from './conditions.ts';
import type { AutomationIncident, IncidentLabel, IncidentOwner } from './incident.ts';
import type { AutomationRuleProperties, ModifyPropertiesConfiguration } from './rule-schema.ts';

/** A stored rule: its id and validated properties (createdTimeUtc breaks ties of `order`). */
export interface AutomationRule {
  id: string;
  properties: AutomationRuleProperties;
  createdTimeUtc?: string;
}

export interface AutomationEvent {
  kind: 'Incidents' | 'Alerts';
  trigger: 'Created' | 'Updated';
  /** The incident before the update (Updated only). */
  before?: AutomationIncident;
  after: AutomationIncident;
  now: Date;
}

export type ChangedProperty = 'severity' | 'status' | 'owner' | 'classification' | 'classificationReason' | 'classificationComment' | 'labels';

export interface PropertyChange {
  property: ChangedProperty;
  before: unknown;
  after: unknown;
}

export interface RuleOutcome {
  ruleId: string;
  displayName: string;
  order: number;
  matched: boolean;
  skippedReason?: 'disabled' | 'expired' | 'trigger';
  changes: PropertyChange[];
  playbooks: Array<{ logicAppResourceId: string; tenantId?: string }>;
  tasks: Array<{ title: string; description: string | null }>;
}

export interface RulesEvaluation {
  applied: RuleOutcome[];
  /** The incident after every matching rule's ModifyProperties actions. */
  incident: AutomationIncident;
}

/** Sorts rules the way Sentinel runs them: by order, then by creation time, then by name. */
export function sortRules<T extends AutomationRule>(rules: readonly T[]): T[] {
  const created = (rule: AutomationRule): string => rule.createdTimeUtc ?? rule.properties.createdTimeUtc ?? '';
  return [...rules].sort(
    (a, b) =>
      a.properties.order - b.properties.order ||
      created(a).localeCompare(created(b)) ||
      a.properties.displayName.localeCompare(b.properties.displayName) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Runs automation rules against one incident (or alert) event, purely: rules in order, each seeing
 * the changes of those before it; disabled, expired and non-triggered rules are reported as skipped.
 * The caller persists `incident`, creates the tasks and starts the playbooks. Also the dry run.
 */
export function evaluateRules(rules: readonly AutomationRule[], event: AutomationEvent): RulesEvaluation {
  let incident = structuredClone(event.after);
  const applied: RuleOutcome[] = [];
  for (const rule of sortRules(rules)) {
    const { properties } = rule;
    const logic = properties.triggeringLogic;
    const outcome: RuleOutcome = {
      ruleId: rule.id,
      displayName: properties.displayName,
      order: properties.order,
      matched: false,
      changes: [],
      playbooks: [],
      tasks: [],
    };
    applied.push(outcome);
    if (!logic.isEnabled) {
      outcome.skippedReason = 'disabled';
      continue;
    }
    if (logic.expirationTimeUtc && Date.parse(logic.expirationTimeUtc) < event.now.getTime()) {
      outcome.skippedReason = 'expired';
      continue;
    }
    if (logic.triggersOn !== event.kind || logic.triggersWhen !== event.trigger) {
      outcome.skippedReason = 'trigger';
      continue;
    }
    const context = { incident, before: event.before };
    if (!logic.conditions.every((condition) => evaluateCondition(condition, context))) continue;
    outcome.matched = true;
    for (const action of [...properties.actions].sort((a, b) => a.order - b.order)) {
      if (action.actionType === 'ModifyProperties') {
        const result = modifyProperties(incident, action.actionConfiguration);
        incident = result.incident;
        outcome.changes.push(...result.changes);
      } else if (action.actionType === 'RunPlaybook') {
        const { logicAppResourceId, tenantId } = action.actionConfiguration;
        outcome.playbooks.push({ logicAppResourceId, ...(tenantId ? { tenantId } : {}) });
      } else {
        outcome.tasks.push({ title: action.actionConfiguration.title, description: action.actionConfiguration.description ?? null });
      }
    }
  }
  return { applied, incident };
}

/** Applies a ModifyProperties configuration: set fields replace, labels are added; nulls mean "leave". */
export function modifyProperties(
  incident: AutomationIncident,
  configuration: ModifyPropertiesConfiguration,
): { incident: AutomationIncident; changes: PropertyChange[] } {
  const next: AutomationIncident = { ...incident };
  const changes: PropertyChange[] = [];
  const set = <K extends 'severity' | 'status' | 'classification' | 'classificationReason' | 'classificationComment'>(key: K, value: string | null | undefined) => {
    if (value === null || value === undefined || next[key] === value) return;
    changes.push({ property: key, before: next[key] ?? null, after: value });
    next[key] = value;
  };
  set('severity', configuration.severity);
  set('status', configuration.status);
  set('classification', configuration.classification);
  set('classificationReason', configuration.classificationReason);
  set('classificationComment', configuration.classificationComment);
  if (configuration.owner) {
    const owner: IncidentOwner = Object.fromEntries(Object.entries(configuration.owner).filter(([, v]) => v !== null && v !== undefined));
    if (JSON.stringify(owner) !== JSON.stringify(next.owner ?? null)) {
      changes.push({ property: 'owner', before: next.owner ?? null, after: owner });
      next.owner = owner;
    }
  }
  if (configuration.labels && configuration.labels.length > 0) {
    const existing = next.labels ?? [];
    const names = new Set(existing.map((l) => l.labelName.toLowerCase()));
    const added: IncidentLabel[] = [];
    for (const label of configuration.labels) {
      if (names.has(label.labelName.toLowerCase())) continue;
      names.add(label.labelName.toLowerCase());
      added.push({ labelName: label.labelName, labelType: label.labelType ?? 'User' });
    }
    if (added.length > 0) {
      changes.push({ property: 'labels', before: existing, after: [...existing, ...added] });
      next.labels = [...existing, ...added];
    }
  }
  return { incident: next, changes };
}
