import { describe, expect, it } from 'vitest';
import { evaluateCondition, matchesOperator } from './conditions.ts';
import type { AutomationIncident } from './incident.ts';
import { parseAutomationRule, type AutomationRuleCondition } from './rule-schema.ts';

const incident: AutomationIncident = {
  title: 'Suspicious sign-in for Bob',
  description: 'Impossible travel',
  severity: 'Medium',
  status: 'New',
  owner: { objectId: 'u-1', email: 'ann@contoso.com', userPrincipalName: 'ann@contoso.com', assignedTo: 'Ann' },
  labels: [{ labelName: 'VIP' }],
  tactics: ['InitialAccess', 'Persistence'],
  relatedAnalyticRuleIds: ['/alertRules/rule-a'],
  providerName: 'Azure Sentinel',
  alerts: [{ systemAlertId: 'a1', productName: 'Microsoft Defender for Endpoint', analyticRuleIds: ['/alertRules/rule-b'] }],
  entities: [
    { kind: 'Account', properties: { accountName: 'bob', upnSuffix: 'contoso.com', aadUserId: 'aad-1' } },
    { kind: 'Account', properties: { AccountName: 'svc-backup', NTDomain: 'CORP' } },
    { kind: 'Host', properties: { hostName: 'WS-042', osVersion: 'Windows 11' } },
    { kind: 'Ip', properties: { address: '203.0.113.9' } },
    { kind: 'Url', properties: { url: 'https://evil.example/login' } },
    { kind: 'FileHash', properties: { algorithm: 'SHA256', hashValue: 'ABCDEF' } },
  ],
  customDetails: { Color: ['Red', 'Blue'], Team: 'Blue' },
};

// Conditions go through the schema so the tests exercise what users send.
function condition(json: unknown): AutomationRuleCondition {
  return parseAutomationRule({
    displayName: 't',
    order: 1,
    triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Updated', conditions: [json] },
    actions: [{ order: 1, actionType: 'AddIncidentTask', actionConfiguration: { title: 'x' } }],
  }).properties.triggeringLogic.conditions[0];
}

const property = (propertyName: string, operator: string, ...propertyValues: string[]) =>
  condition({ conditionType: 'Property', conditionProperties: { propertyName, operator, propertyValues } });

describe('matchesOperator', () => {
  it.each([
    ['Equals', ['High'], ['low', 'high'], true],
    ['Equals', ['High'], ['low'], false],
    ['NotEquals', ['High'], ['low'], true],
    ['NotEquals', ['High'], ['low', 'HIGH'], false],
    ['Contains', ['Suspicious sign-in'], ['SIGN-IN'], true],
    ['NotContains', ['Suspicious sign-in'], ['malware', 'ransom'], true],
    ['NotContains', ['Suspicious sign-in'], ['malware', 'sign'], false],
    ['StartsWith', ['Suspicious'], ['sus'], true],
    ['NotStartsWith', ['Suspicious'], ['sus'], false],
    ['EndsWith', ['evil.example'], ['.EXAMPLE'], true],
    ['NotEndsWith', ['evil.example'], ['.com'], true],
    ['Equals', [], ['x'], false],
    ['NotEquals', [], ['x'], true],
  ] as const)('%s %j vs %j → %s', (operator, actual, expected, result) => {
    expect(matchesOperator(operator, actual, expected)).toBe(result);
  });
});

describe('evaluateCondition: Property', () => {
  it.each([
    ['IncidentTitle', 'Contains', ['sign-in'], true],
    ['IncidentDescription', 'StartsWith', ['impossible'], true],
    ['IncidentSeverity', 'Equals', ['High', 'Medium'], true],
    ['IncidentStatus', 'NotEquals', ['Closed'], true],
    ['IncidentOwner', 'Equals', ['ann@contoso.com'], true],
    ['IncidentLabel', 'Equals', ['vip'], true],
    ['IncidentTactics', 'Contains', ['Persistence'], true],
    ['IncidentRelatedAnalyticRuleIds', 'Contains', ['rule-a'], true],
    ['IncidentProviderName', 'Equals', ['Azure Sentinel'], true],
    ['AlertProductNames', 'StartsWith', ['Microsoft Defender'], true],
    ['AlertAnalyticRuleIds', 'EndsWith', ['rule-b'], true],
    ['AccountName', 'Equals', ['SVC-BACKUP'], true],
    ['AccountName', 'NotEquals', ['alice'], true],
    ['AccountName', 'NotEquals', ['bob'], false],
    ['AccountUPNSuffix', 'Equals', ['contoso.com'], true],
    ['AccountNTDomain', 'Equals', ['corp'], true],
    ['AccountAadUserId', 'Equals', ['aad-1'], true],
    ['HostName', 'StartsWith', ['ws-'], true],
    ['HostOSVersion', 'Contains', ['11'], true],
    ['IPAddress', 'StartsWith', ['203.0.113.'], true],
    ['Url', 'Contains', ['evil.example'], true],
    ['FileHashValue', 'Equals', ['abcdef'], true],
    ['MailboxUPN', 'Equals', ['x'], false],
    ['MailboxUPN', 'NotEquals', ['x'], true],
  ])('%s %s %j → %s', (name, operator, values, expected) => {
    expect(evaluateCondition(property(name, operator, ...values), { incident })).toBe(expected);
  });
});

describe('evaluateCondition: PropertyArray (custom details)', () => {
  const keyWithValue = (key: string, value: string, all = false) =>
    condition({
      conditionType: 'PropertyArray',
      conditionProperties: {
        arrayType: 'CustomDetails',
        arrayConditionType: 'AnyItem',
        itemConditions: [
          { conditionType: 'Property', conditionProperties: { propertyName: 'IncidentCustomDetailsKey', operator: 'Equals', propertyValues: [key] } },
          {
            conditionType: 'PropertyArray',
            conditionProperties: {
              arrayType: 'CustomDetailValues',
              arrayConditionType: all ? 'AllItems' : 'AnyItem',
              itemConditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentCustomDetailsValue', operator: 'Equals', propertyValues: [value] } }],
            },
          },
        ],
      },
    });

  it('matches a value under the named key only', () => {
    expect(evaluateCondition(keyWithValue('Color', 'red'), { incident })).toBe(true);
    expect(evaluateCondition(keyWithValue('Color', 'green'), { incident })).toBe(false);
    // "Blue" exists, but under Team it is the only value and under Color not all values are Blue.
    expect(evaluateCondition(keyWithValue('Team', 'blue', true), { incident })).toBe(true);
    expect(evaluateCondition(keyWithValue('Color', 'blue', true), { incident })).toBe(false);
  });
});

describe('evaluateCondition: PropertyChanged', () => {
  const changed = (propertyName: string, changeType: string, operator: string, ...propertyValues: string[]) =>
    condition({ conditionType: 'PropertyChanged', conditionProperties: { propertyName, changeType, operator, propertyValues } });
  const before: AutomationIncident = { ...incident, severity: 'Low', status: 'New', owner: null };
  const after: AutomationIncident = { ...incident, severity: 'High', status: 'Active' };

  it('compares the old value for ChangedFrom and the new one for ChangedTo', () => {
    expect(evaluateCondition(changed('IncidentSeverity', 'ChangedFrom', 'Equals', 'Low'), { incident: after, before })).toBe(true);
    expect(evaluateCondition(changed('IncidentSeverity', 'ChangedTo', 'Equals', 'High'), { incident: after, before })).toBe(true);
    expect(evaluateCondition(changed('IncidentSeverity', 'ChangedTo', 'Equals', 'Low'), { incident: after, before })).toBe(false);
    expect(evaluateCondition(changed('IncidentStatus', 'ChangedTo', 'NotEquals', 'Closed'), { incident: after, before })).toBe(true);
    expect(evaluateCondition(changed('IncidentOwner', 'ChangedTo', 'Contains', 'ann'), { incident: after, before })).toBe(true);
  });

  it('is false when the property did not change or there is no previous state', () => {
    expect(evaluateCondition(changed('IncidentSeverity', 'ChangedTo', 'Equals', 'High'), { incident: after, before: after })).toBe(false);
    expect(evaluateCondition(changed('IncidentSeverity', 'ChangedTo', 'Equals', 'High'), { incident: after })).toBe(false);
  });
});

describe('evaluateCondition: PropertyArrayChanged', () => {
  const added = (arrayType: string) => condition({ conditionType: 'PropertyArrayChanged', conditionProperties: { arrayType, changeType: 'Added' } });
  const before: AutomationIncident = { ...incident, labels: [{ labelName: 'vip' }], tactics: ['InitialAccess'], alerts: [], comments: [] };

  it.each(['Labels', 'Tactics', 'Alerts', 'Comments'])('detects an added item in %s', (arrayType) => {
    const after: AutomationIncident = {
      ...before,
      labels: arrayType === 'Labels' ? [...before.labels!, { labelName: 'phish' }] : before.labels,
      tactics: arrayType === 'Tactics' ? ['InitialAccess', 'Execution'] : before.tactics,
      alerts: arrayType === 'Alerts' ? [{ systemAlertId: 'a9' }] : before.alerts,
      comments: arrayType === 'Comments' ? [{ id: 'c1', message: 'hi' }] : before.comments,
    };
    expect(evaluateCondition(added(arrayType), { incident: after, before })).toBe(true);
    expect(evaluateCondition(added(arrayType), { incident: before, before })).toBe(false);
  });

  it('ignores a label whose name differs only in case', () => {
    expect(evaluateCondition(added('Labels'), { incident: { ...before, labels: [{ labelName: 'VIP' }] }, before })).toBe(false);
  });
});

describe('evaluateCondition: Boolean', () => {
  const title = { conditionType: 'Property', conditionProperties: { propertyName: 'IncidentTitle', operator: 'Contains', propertyValues: ['ransom'] } };
  const sev = { conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: ['Medium'] } };

  it('combines inner conditions with And / Or, nested', () => {
    expect(evaluateCondition(condition({ conditionType: 'Boolean', conditionProperties: { operator: 'Or', innerConditions: [title, sev] } }), { incident })).toBe(true);
    expect(evaluateCondition(condition({ conditionType: 'Boolean', conditionProperties: { operator: 'And', innerConditions: [title, sev] } }), { incident })).toBe(false);
    const nested = {
      conditionType: 'Boolean',
      conditionProperties: { operator: 'And', innerConditions: [sev, { conditionType: 'Boolean', conditionProperties: { operator: 'Or', innerConditions: [title, sev] } }] },
    };
    expect(evaluateCondition(condition(nested), { incident })).toBe(true);
  });
});
