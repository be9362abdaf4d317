import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@riposte/engine';
import { actionAt, securesInputs } from './secure-inputs.ts';

describe('the action behind a connector call', () => {
  const definition = {
    actions: {
      For_each: { type: 'Foreach', foreach: '@x', actions: { Condition: { type: 'If', expression: true, actions: {}, else: { actions: { Block: { type: 'ApiConnection', runtimeConfiguration: { secureData: { properties: ['Inputs'] } } } } } } } },
      Plain: { type: 'ApiConnection' },
    },
  } as unknown as WorkflowDefinition;

  it('is found inside loops and branches, with the iteration suffix of the key', () => {
    expect(securesInputs(actionAt(definition, 'For_each/Condition/Block#0,2'))).toBe(true);
    expect(securesInputs(actionAt(definition, 'Plain'))).toBe(false);
    expect(actionAt(definition, 'toString')).toBeUndefined();
    expect(actionAt(undefined, 'Plain')).toBeUndefined();
  });
});
