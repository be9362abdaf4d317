import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../connectors/registry.ts';
import { testConnector } from '../connectors/test-connector.ts';
import { validateDefinition } from '../definition/validate.ts';
import { importWorkflowJson, importWorkflowText } from './workflow-file.ts';

const connectors = new ConnectorRegistry().register(testConnector);

// Values shaped like definitions and templates, so the walkers reach deep code paths.
const name = fc.constantFrom('A', 'B', 'Loop', 'a/b', '~', '');
const text = fc.oneof(fc.string(), fc.constantFrom('@', '@{', "@concat('a'", "@parameters('p')", '[concat(1)]', "[parameters('x')]", '[[x]', '@@', "@{body('A')}"));
const leaf = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const shaped = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), tie('object')),
  object: fc.oneof(
    fc.dictionary(fc.oneof(name, fc.constantFrom('type', 'actions', 'runAfter', 'inputs', 'expression', 'cases', 'case', 'else', 'foreach', 'limit', 'resources', 'properties', 'definition', 'parameters', 'triggers')), tie('value'), { maxKeys: 4 }),
    fc.record({ type: fc.constantFrom('If', 'Switch', 'Foreach', 'Until', 'Scope', 'ApiConnection', 'Microsoft.Logic/workflows'), actions: tie('value'), runAfter: tie('value'), inputs: tie('value'), expression: tie('value'), properties: tie('value') }, { requiredKeys: [] }),
  ),
})).value;

describe('import never fails on odd input', () => {
  it('importWorkflowJson returns problems, never throws', () => {
    fc.assert(
      fc.property(shaped, (json) => {
        const result = importWorkflowJson(json, { connectors });
        expect(Array.isArray(result.problems)).toBe(true);
        for (const p of result.problems) expect(p.pointer === '' || p.pointer.startsWith('/')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('validateDefinition returns problems, never throws', () => {
    fc.assert(
      fc.property(shaped, (definition) => {
        expect(Array.isArray(validateDefinition({ triggers: {}, actions: definition }, { connectors }))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('importWorkflowText turns any text into workflows or problems', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (input) => {
        const result = importWorkflowText(input);
        expect(result.workflows.length + result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
