import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsoleApiError } from '../api/client.ts';
import { isArmTemplate, manualRunInput, playbookInput } from './playbook-input.ts';

const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Say: { type: 'Compose', runAfter: {}, inputs: 'hi' } } };
const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [{ type: 'Microsoft.Logic/workflows', name: 'x', properties: { definition } }],
};
// Objects that carry neither a `resources` key nor a `$schema` key.
const plainObject = fc.dictionary(
  fc.string().filter((k) => k !== 'resources' && k !== '$schema' && k !== '__proto__'),
  fc.jsonValue(),
);

describe('pasted playbooks', () => {
  it('sends an ARM template as a template and anything else as a definition', () => {
    expect(playbookInput('Block user', template)).toEqual({ name: 'Block user', template });
    expect(playbookInput('Hello', definition)).toEqual({ name: 'Hello', definition });
    expect(playbookInput('', { $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#', parameters: {} })).toHaveProperty('template');
    // A Logic Apps workflow's own $schema is a definition.
    expect(playbookInput('', { ...definition, $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#' })).toHaveProperty('definition');
    expect(isArmTemplate({ resources: {} })).toBe(false);
    for (const odd of [null, [], 'text', 3, [{ resources: [] }]]) expect(isArmTemplate(odd)).toBe(false);
  });

  it('leaves an empty name out and trims a typed one', () => {
    fc.assert(
      fc.property(fc.string(), plainObject, (name, document) => {
        const body = playbookInput(name, document);
        expect(body.definition).toBe(document);
        expect(body.template).toBeUndefined();
        if (name.trim()) expect(body.name).toBe(name.trim());
        else expect(body).not.toHaveProperty('name');
      }),
    );
  });

  it('any object with a resources array is a template, whatever else it holds', () => {
    fc.assert(
      fc.property(plainObject, fc.array(fc.jsonValue()), (rest, resources) => {
        const document = { ...rest, resources };
        expect(playbookInput('n', document)).toEqual({ name: 'n', template: document });
      }),
    );
  });

  it('sends a run payload as the trigger body, exactly as parsed', () => {
    expect(manualRunInput('{}')).toEqual({ triggerBody: {} });
    expect(manualRunInput('  ')).toEqual({});
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(manualRunInput(JSON.stringify(value, null, 2))).toEqual({ triggerBody: JSON.parse(JSON.stringify(value)) });
      }),
    );
  });

  it('refuses a payload that is not JSON, naming the payload', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let parsed = true;
        try {
          JSON.parse(text);
        } catch {
          parsed = false;
        }
        fc.pre(!parsed && text.trim() !== '');
        try {
          manualRunInput(text);
          expect.unreachable('accepted text that is not JSON');
        } catch (err) {
          expect(err).toBeInstanceOf(ConsoleApiError);
          expect([(err as ConsoleApiError).code, (err as ConsoleApiError).field]).toEqual(['InvalidJson', 'payload']);
        }
      }),
    );
  });
});
