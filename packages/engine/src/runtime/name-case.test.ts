import { describe, expect, it } from 'vitest';
import { runDefinition } from './test-support.ts';

// Azure resolves action and loop names case-insensitively: the shipped Block-AADUser playbook
// reads items('for_each') inside a Foreach named For_each.
describe('action names in expressions', () => {
  it("resolves items(), outputs() and result() whatever the name's case", async () => {
    const { result, byName } = await runDefinition(
      {
        actions: {
          Numbers: { type: 'Compose', inputs: [1, 2] },
          For_each: {
            type: 'Foreach',
            foreach: "@outputs('numbers')",
            runAfter: { Numbers: ['Succeeded'] },
            actions: { Double: { type: 'Compose', inputs: "@mul(items('for_each'), 2)" } },
          },
          Summary: {
            type: 'Compose',
            inputs: "@length(result('FOR_EACH'))",
            runAfter: { For_each: ['Succeeded'] },
          },
        },
      },
    );
    expect(result.status).toBe('Succeeded');
    expect(byName.Double.outputs).toBe(4);
    // result() of a Foreach holds one record per iteration of its inner action.
    expect(byName.Summary.outputs).toBe(2);
  });
});
