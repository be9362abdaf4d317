import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AutomationRule, AutomationRuleCondition } from '../api/types.ts';
import { describeActions, describeConditions, describeTrigger, inRunOrder, isExpired } from './rule-summary.ts';

const property = (propertyName: string, operator: string, ...propertyValues: string[]): AutomationRuleCondition => ({
  conditionType: 'Property',
  conditionProperties: { propertyName, operator, propertyValues },
});

const rule = (name: string, order: number, extra: Partial<AutomationRule['properties']> = {}, createdTimeUtc = '2026-11-01T00:00:00Z'): AutomationRule => ({
  id: name,
  name,
  type: 'Microsoft.SecurityInsights/automationRules',
  properties: {
    displayName: name,
    order,
    triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created', conditions: [] },
    actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { severity: 'High' } }],
    createdTimeUtc,
    lastModifiedTimeUtc: createdTimeUtc,
    ...extra,
  },
});

describe('automation rule summaries', () => {
  it('reads a condition the way Sentinel shows it, and counts when there are many', () => {
    expect(describeConditions([])).toBe('Always');
    expect(describeConditions([property('IncidentSeverity', 'Equals', 'High')])).toBe('IncidentSeverity Equals High');
    expect(describeConditions([property('IncidentSeverity', 'Equals', 'High', 'Medium'), property('IncidentTitle', 'Contains', 'phish')])).toBe(
      'IncidentSeverity Equals High, Medium AND IncidentTitle Contains phish',
    );
    expect(describeConditions([property('A', 'Equals', '1'), property('B', 'Equals', '2'), property('C', 'Equals', '3')])).toBe('3 conditions');
    expect(
      describeConditions([
        { conditionType: 'PropertyChanged', conditionProperties: { propertyName: 'IncidentStatus', changeType: 'ChangedTo', operator: 'Equals', propertyValues: ['Active'] } },
      ]),
    ).toBe('IncidentStatus ChangedTo Equals Active');
    expect(describeConditions([{ conditionType: 'Boolean', conditionProperties: { operator: 'Or', innerConditions: [property('A', 'Equals', '1'), property('B', 'Equals', '2')] } }])).toBe(
      '(A Equals 1 OR B Equals 2)',
    );
    expect(describeConditions([{ conditionType: 'PropertyArrayChanged', conditionProperties: { arrayType: 'Alerts', changeType: 'Added' } }])).toBe('Alerts Added');
  });

  it('lists action types in the order they run, a repeated one counted', () => {
    const r = rule('r', 1, {
      actions: [
        { order: 3, actionType: 'RunPlaybook', actionConfiguration: {} },
        { order: 1, actionType: 'ModifyProperties', actionConfiguration: {} },
        { order: 2, actionType: 'RunPlaybook', actionConfiguration: {} },
      ],
    });
    expect(describeActions(r)).toBe('ModifyProperties, RunPlaybook ×2');
    expect(describeTrigger(r)).toBe('Incidents · Created');
  });

  it('says a rule is expired only once its expiration has passed', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const expiring = (at: string | null) => rule('r', 1, { triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created', conditions: [], expirationTimeUtc: at } });
    expect(isExpired(expiring('2026-11-29T11:59:59Z'), now)).toBe(true);
    expect(isExpired(expiring('2026-11-29T12:00:01Z'), now)).toBe(false);
    expect(isExpired(expiring(null), now)).toBe(false);
    expect(isExpired(rule('r', 1), now)).toBe(false);
  });

  it('orders rules as the server runs them: order, then creation time, then name', () => {
    const listed = inRunOrder([rule('b', 2), rule('late', 1, {}, '2026-11-02T00:00:00Z'), rule('z', 1), rule('a', 1)]);
    expect(listed.map((r) => r.name)).toEqual(['a', 'z', 'late', 'b']);
  });

  it('never throws on whatever conditions and actions a server sends', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (conditions, actions) => {
        const r = { ...rule('r', 1), properties: { ...rule('r', 1).properties, actions } } as unknown as AutomationRule;
        expect(typeof describeConditions(conditions as unknown as AutomationRuleCondition[])).toBe('string');
        if (Array.isArray(conditions)) for (const c of conditions) expect(typeof describeConditions([c as unknown as AutomationRuleCondition])).toBe('string');
        expect(typeof describeActions(r)).toBe('string');
      }),
    );
  });
});
