// Short, one-line readings of a Sentinel automation rule for the rules table. The server has
// validated every stored rule, but the console reads them loosely: a field it does not expect
// yields a shorter line, never an exception that would blank the page.
import type { AutomationRule, AutomationRuleCondition } from '../api/types.ts';

/** How many top-level conditions are spelled out before the summary gives a count instead. */
const spelledOut = 2;

/** "Incidents · Created". */
export function describeTrigger(rule: AutomationRule): string {
  const logic = rule.properties.triggeringLogic;
  return `${logic?.triggersOn ?? '?'} · ${logic?.triggersWhen ?? '?'}`;
}

/** "IncidentSeverity Equals High", both conditions joined by AND, or "5 conditions" when there are many. */
export function describeConditions(conditions: readonly AutomationRuleCondition[] | undefined): string {
  const list = Array.isArray(conditions) ? conditions : [];
  if (list.length === 0) return 'Always';
  if (list.length > spelledOut) return `${list.length} conditions`;
  return list.map(describeCondition).join(' AND ');
}

/** One condition in Sentinel's words: property, operator, values. */
export function describeCondition(condition: AutomationRuleCondition): string {
  const p = condition?.conditionProperties ?? {};
  const values = Array.isArray(p.propertyValues) ? p.propertyValues.join(', ') : '';
  switch (condition?.conditionType) {
    case 'Property':
      return words(p.propertyName, p.operator, values);
    case 'PropertyChanged':
      return words(p.propertyName, p.changeType, p.operator, values);
    case 'PropertyArrayChanged':
      return words(p.arrayType, p.changeType);
    case 'PropertyArray':
      return words(p.arrayType, p.arrayConditionType, `(${count(p.itemConditions, 'condition')})`);
    case 'Boolean': {
      const inner = Array.isArray(p.innerConditions) ? p.innerConditions : [];
      if (inner.length > spelledOut) return `(${p.operator ?? '?'} of ${count(inner, 'condition')})`;
      return `(${inner.map(describeCondition).join(` ${String(p.operator ?? '?').toUpperCase()} `)})`;
    }
    default:
      return String(condition?.conditionType ?? 'condition');
  }
}

/** The action types in the order they run, a repeated one counted: "ModifyProperties, RunPlaybook ×2". */
export function describeActions(rule: AutomationRule): string {
  const actions = Array.isArray(rule.properties.actions) ? [...rule.properties.actions] : [];
  actions.sort((a, b) => (a?.order ?? 0) - (b?.order ?? 0));
  const counts = new Map<string, number>();
  for (const action of actions) counts.set(String(action?.actionType), (counts.get(String(action?.actionType)) ?? 0) + 1);
  return [...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ');
}

/** Whether the rule's expiration is past at `now` (an expired rule no longer runs, enabled or not). */
export function isExpired(rule: AutomationRule, now: Date): boolean {
  const at = rule.properties.triggeringLogic?.expirationTimeUtc;
  if (!at) return false;
  const time = Date.parse(at);
  return !Number.isNaN(time) && time <= now.getTime();
}

/** Rules in the order the server runs them: order, then creation time, then name. */
export function inRunOrder(rules: readonly AutomationRule[]): AutomationRule[] {
  return [...rules].sort(
    (a, b) =>
      a.properties.order - b.properties.order ||
      compare(a.properties.createdTimeUtc, b.properties.createdTimeUtc) ||
      compare(a.name, b.name),
  );
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

function count(items: unknown, noun: string): string {
  const n = Array.isArray(items) ? items.length : 0;
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function words(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(' ');
}
