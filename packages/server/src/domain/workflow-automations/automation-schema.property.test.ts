import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../validation.ts';
import { parseWorkflowAutomation } from './automation-schema.ts';
import { matchAutomation } from './match-automation.ts';

const valid = {
  isEnabled: true,
  scopes: [{ scopePath: '/subscriptions/s' }],
  sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }] }],
  actions: [{ actionType: 'LogicApp', logicAppResourceId: 'pb' }],
};

function mutate(document: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || document === null || typeof document !== 'object') return replacement;
  const entries = Object.entries(document as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [key, value] = entries[path[0] % entries.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(document) ? [...document] : { ...(document as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = mutate(value, path.slice(1), replacement);
  return copy;
}

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
