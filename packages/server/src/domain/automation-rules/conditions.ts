import { conditionPropertyValues, customDetailItems, type ItemScope } from './condition-properties.ts';
import type { AutomationIncident } from './incident.ts';
import type { AutomationRuleCondition, PropertyConditionOperator } from './rule-schema.ts';

export interface ConditionContext {
  /** The incident as it is now, including changes made by earlier rules. */
  incident: AutomationIncident;
  /** The incident before the update that triggered the rules (absent on Created). */
  before?: AutomationIncident;
}

/**
 * Sentinel's operators, case-insensitive. A positive operator holds when any of the incident's
 * values matches any condition value; its Not… form holds when none does (so a property with no
 * values satisfies every Not… operator and no positive one).
 */
export function matchesOperator(operator: PropertyConditionOperator, actual: readonly string[], expected: readonly string[]): boolean {
  const negated = operator.startsWith('Not');
  const base = negated ? operator.slice(3) : operator;
  const test = (a: string, e: string): boolean => {
    const x = a.toLowerCase();
    const y = e.toLowerCase();
    if (base === 'Equals') return x === y;
    if (base === 'Contains') return x.includes(y);
    if (base === 'StartsWith') return x.startsWith(y);
    return x.endsWith(y);
  };
  const any = actual.some((a) => expected.some((e) => test(a, e)));
  return negated ? !any : any;
}

/** Evaluates one condition; top-level conditions of a rule are AND'ed by the caller. */
export function evaluateCondition(condition: AutomationRuleCondition, context: ConditionContext, scope: ItemScope = {}): boolean {
  switch (condition.conditionType) {
    case 'Property': {
      const { propertyName, operator, propertyValues } = condition.conditionProperties;
      return matchesOperator(operator, conditionPropertyValues(context.incident, propertyName, scope), propertyValues);
    }
    case 'PropertyArray': {
      const { arrayType, arrayConditionType, itemConditions } = condition.conditionProperties;
      const scopes: ItemScope[] =
        arrayType === 'CustomDetails'
          ? customDetailItems(context.incident).map((customDetail) => ({ customDetail }))
          : (scope.customDetail ? [scope.customDetail] : customDetailItems(context.incident)).flatMap((customDetail) =>
              customDetail.values.map((customDetailValue) => ({ customDetail, customDetailValue })),
            );
      const holds = (itemScope: ItemScope): boolean => itemConditions.every((c) => evaluateCondition(c, context, itemScope));
      return arrayConditionType === 'AllItems' ? scopes.every(holds) : scopes.some(holds);
    }
    case 'PropertyChanged': {
      const { before } = context;
      if (!before) return false;
      const { propertyName, changeType, operator, propertyValues } = condition.conditionProperties;
      const previous = conditionPropertyValues(before, propertyName);
      const current = conditionPropertyValues(context.incident, propertyName);
      if (sameValues(previous, current)) return false;
      return matchesOperator(operator, changeType === 'ChangedFrom' ? previous : current, propertyValues);
    }
    case 'PropertyArrayChanged': {
      const { before } = context;
      if (!before) return false;
      const keys = arrayKeys[condition.conditionProperties.arrayType];
      const previous = new Set(keys(before));
      return keys(context.incident).some((key) => !previous.has(key));
    }
    case 'Boolean': {
      const { operator, innerConditions } = condition.conditionProperties;
      const test = (c: AutomationRuleCondition): boolean => evaluateCondition(c, context, scope);
      return operator === 'And' ? innerConditions.every(test) : innerConditions.some(test);
    }
  }
}

function sameValues(a: string[], b: string[]): boolean {
  const x = a.map((v) => v.toLowerCase()).sort();
  const y = b.map((v) => v.toLowerCase()).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

// Identity of an array item, to tell which items an update added.
const arrayKeys: Record<'Alerts' | 'Comments' | 'Labels' | 'Tactics', (incident: AutomationIncident) => string[]> = {
  Labels: (i) => (i.labels ?? []).map((l) => l.labelName.toLowerCase()),
  Tactics: (i) => (i.tactics ?? []).map((t) => t.toLowerCase()),
  Alerts: (i) => (i.alerts ?? []).map((a, index) => a.systemAlertId ?? `#${index}`),
  Comments: (i) => (i.comments ?? []).map((c, index) => c.id ?? `#${index}:${c.message}`),
};
