import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../validation.ts';
import { parseAutomationRule } from './rule-schema.ts';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const corpus = pathToFileURL(`${corpusDir}/sentinel-automation-rules/`);
const corpusRule = JSON.parse(readFileSync(new URL('AutomationRules_CreateOrUpdate.json', corpus), 'utf8')).parameters.automationRule;

const validProperties = () => ({
  displayName: 'Assign phishing to Tier 2',
  order: 5,
  triggeringLogic: {
    isEnabled: true,
    triggersOn: 'Incidents',
    triggersWhen: 'Created',
    conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentTitle', operator: 'Contains', propertyValues: ['phish'] } }],
  },
  actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { owner: { email: 'tier2@contoso.com' } } }],
});

function issuesOf(input: unknown): DomainValidationError {
  try {
    parseAutomationRule(input);
  } catch (error) {
    if (error instanceof DomainValidationError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseAutomationRule', () => {
  it('accepts the corpus rule as a whole resource and as its properties', () => {
    const whole = parseAutomationRule(corpusRule);
    expect(whole.name).toBe('73e01a99-5cd7-4139-a149-9f2736ff2ab5');
    expect(whole.id).toContain('/automationRules/');
    expect(whole.properties.displayName).toBe('Suspicious user sign-in events');
    expect(whole.properties.actions[0]).toMatchObject({ actionType: 'AddIncidentTask', actionConfiguration: { title: 'Reset user passwords' } });
    expect(parseAutomationRule(corpusRule.properties).properties).toEqual(whole.properties);
  });

  it('accepts every corpus rule file that holds one', () => {
    for (const file of ['AutomationRules_Get.json', 'AutomationRules_List.json']) {
      const json = JSON.parse(readFileSync(new URL(file, corpus), 'utf8'));
      const bodies = json.responses['200'].body.value ?? [json.responses['200'].body];
      for (const body of bodies) expect(parseAutomationRule(body).properties.order).toBeGreaterThan(0);
    }
  });

  it('accepts enum values in any letter case and returns the canonical spelling', () => {
    const input = validProperties();
    input.triggeringLogic.triggersOn = 'incidents';
    input.triggeringLogic.conditions[0].conditionProperties.operator = 'contains';
    const rule = parseAutomationRule(input);
    expect(rule.properties.triggeringLogic.triggersOn).toBe('Incidents');
    expect(rule.properties.triggeringLogic.conditions[0]).toMatchObject({ conditionProperties: { operator: 'Contains' } });
  });

  it.each([
    ['order out of range', (p: any) => (p.order = 1001), '/order'],
    ['missing displayName', (p: any) => delete p.displayName, '/displayName'],
    ['unknown operator', (p: any) => (p.triggeringLogic.conditions[0].conditionProperties.operator = 'Matches'), '/triggeringLogic/conditions/0/conditionProperties/operator'],
    ['unknown property', (p: any) => (p.triggeringLogic.conditions[0].conditionProperties.propertyName = 'IncidentColour'), '/triggeringLogic/conditions/0/conditionProperties/propertyName'],
    ['unknown condition type', (p: any) => (p.triggeringLogic.conditions[0].conditionType = 'Regex'), '/triggeringLogic/conditions/0/conditionType'],
    ['no actions', (p: any) => (p.actions = []), '/actions'],
    ['closing without classification', (p: any) => (p.actions[0].actionConfiguration = { status: 'Closed' }), '/actions/0/actionConfiguration/classification'],
    ['bad expiration', (p: any) => (p.triggeringLogic.expirationTimeUtc = 'tomorrow'), '/triggeringLogic/expirationTimeUtc'],
    ['alert rule modifying properties', (p: any) => (p.triggeringLogic.triggersOn = 'Alerts'), '/actions/0/actionType'],
    [
      'nested Boolean with one inner condition',
      (p: any) =>
        (p.triggeringLogic.conditions[0] = { conditionType: 'Boolean', conditionProperties: { operator: 'Or', innerConditions: [p.triggeringLogic.conditions[0]] } }),
      '/triggeringLogic/conditions/0/conditionProperties/innerConditions',
    ],
  ])('rejects %s with a JSON pointer', (_, mutate, pointer) => {
    const input = validProperties();
    mutate(input);
    const error = issuesOf(input);
    expect(error.code).toBe('BadRequest');
    expect(error.issues.map((i) => i.pointer)).toContain(pointer);
    expect(error.message).toContain('Invalid automation rule');
  });

  it('refuses deeply nested conditions with a validation error, not a stack overflow', () => {
    let condition: unknown = validProperties().triggeringLogic.conditions[0];
    for (let i = 0; i < 3000; i++) condition = { conditionType: 'Boolean', conditionProperties: { operator: 'Or', innerConditions: [condition, condition] } };
    const input = validProperties() as { triggeringLogic: { conditions: unknown[] } };
    input.triggeringLogic.conditions = [condition];
    expect(issuesOf(input).message).toContain('nested deeper than 64 levels');
  });

  it('prefixes pointers with /properties when the whole resource was sent', () => {
    const input = validProperties();
    input.order = 0;
    expect(issuesOf({ name: 'x', properties: input }).field).toBe('/properties/order');
  });
});
