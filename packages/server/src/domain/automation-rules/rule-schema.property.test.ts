import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutateDocument as mutate } from '../mutate-document.test-support.ts';
import { DomainValidationError } from '../validation.ts';
import { parseAutomationRule } from './rule-schema.ts';

const valid = {
  displayName: 'r',
  order: 1,
  triggeringLogic: {
    isEnabled: true,
    triggersOn: 'Incidents',
    triggersWhen: 'Updated',
    conditions: [
      {
        conditionType: 'Boolean',
        conditionProperties: {
          operator: 'Or',
          innerConditions: [
            { conditionType: 'Property', conditionProperties: { propertyName: 'IncidentTitle', operator: 'Contains', propertyValues: ['x'] } },
            { conditionType: 'PropertyArrayChanged', conditionProperties: { arrayType: 'Labels', changeType: 'Added' } },
          ],
        },
      },
    ],
  },
  actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { severity: 'High' } }],
};

function expectOnlyValidationErrors(input: unknown): void {
  try {
    parseAutomationRule(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainValidationError);
    const issues = (error as DomainValidationError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue.pointer === '' || issue.pointer.startsWith('/')).toBe(true);
  }
}

describe('parseAutomationRule on arbitrary input', () => {
  it('throws nothing but DomainValidationError for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), expectOnlyValidationErrors), { numRuns: 500 });
  });

  it('throws nothing but DomainValidationError for a valid rule with one value replaced', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (path, replacement, wrap) => {
        const document = mutate(valid, path, replacement);
        expectOnlyValidationErrors(wrap ? { name: 'n', properties: document } : document);
      }),
      { numRuns: 400 },
    );
  });
});
