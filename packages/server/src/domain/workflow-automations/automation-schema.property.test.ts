import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutateDocument as mutate } from '../mutate-document.test-support.ts';
import { DomainValidationError } from '../validation.ts';
import { parseWorkflowAutomation } from './automation-schema.ts';
import { matchAutomation } from './match-automation.ts';

const valid = {
  isEnabled: true,
  scopes: [{ scopePath: '/subscriptions/s' }],
  sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }] }],
  actions: [{ actionType: 'LogicApp', logicAppResourceId: 'pb' }],
};

describe('parseWorkflowAutomation on arbitrary input', () => {
  it('throws nothing but DomainValidationError, and what it accepts matches any payload without throwing', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 3 }), (path, replacement, payload) => {
        let parsed;
        try {
          parsed = parseWorkflowAutomation({ properties: mutate(valid, path, replacement) });
        } catch (error) {
          expect(error).toBeInstanceOf(DomainValidationError);
          return;
        }
        expect(typeof matchAutomation(parsed.properties, { eventSource: 'Alerts', payload })).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });
});
