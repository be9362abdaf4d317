import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../common/errors.ts';
import { checkTemplates, renderTemplate } from './notice-template.ts';
import { stakeholderPolicyInputSchema } from './stakeholder-policy.ts';

const data = { incident: { title: 'T', number: 7, severity: 'High' }, event: { kind: 'cadence', at: '2026-03-01T00:00:00.0000000Z' }, policy: { id: 'p', name: 'P' } };
const templateText = fc.oneof(fc.string(), fc.constantFrom("@{triggerBody()?['incident']?['title']}", '@{', '@{concat(', "x @{variables('incident')?['number']} y", '@@{x}', '@{div(1,0)}'));

describe('notice templates and policies', () => {
  it('checking a template throws only a BadRequestError naming the field; rendering never throws', () => {
    fc.assert(
      fc.property(templateText, templateText, (subject, body) => {
        try {
          checkTemplates({ subject, body });
        } catch (err) {
          expect(err).toBeInstanceOf(BadRequestError);
          expect((err as BadRequestError).field).toMatch(/^\/template\/(subject|body)$/);
          return;
        }
        expect(typeof renderTemplate(subject, data, new Date(0))).toBe('string');
      }),
    );
  });

  it('renders the incident into the text', () => {
    expect(renderTemplate("Incident @{triggerBody()?['incident']?['number']}: @{variables('incident')?['title']}", data, new Date(0))).toBe('Incident 7: T');
  });

  it('the policy schema answers any JSON with a result, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(typeof stakeholderPolicyInputSchema.safeParse(value).success).toBe('boolean');
      }),
    );
  });
});
