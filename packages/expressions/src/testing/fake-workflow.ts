/** An in-memory WorkflowContext and a fixed host for tests (not used by production code). */
import type { ActionRecord, EvaluationHost, WorkflowContext } from '../context.ts';

export interface FakeRun {
  trigger?: ActionRecord;
  actions?: Record<string, ActionRecord>;
  current?: ActionRecord;
  variables?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  /** Loop name → current item; the first entry is the innermost loop. */
  items?: Record<string, unknown>;
  indexes?: Record<string, number>;
  scopes?: Record<string, ActionRecord[]>;
  workflow?: unknown;
  callbackUrl?: string;
  appSettings?: Record<string, string>;
  agentParameters?: Record<string, unknown>;
}

export function fakeWorkflow(run: FakeRun): WorkflowContext {
  return {
    trigger: () => run.trigger ?? { name: 'manual', status: 'Succeeded', outputs: {} },
    action: (name) => run.actions?.[name],
    currentAction: () => run.current,
    variable: (name) => run.variables?.[name],
    parameter: (name) => run.parameters?.[name],
    item: (loop) => (loop === undefined ? Object.values(run.items ?? {})[0] : run.items?.[loop]),
    iterationIndex: (loop) => run.indexes?.[loop],
    scopeResults: (name) => run.scopes?.[name],
    workflow: () => run.workflow ?? { name: 'test-workflow' },
    listCallbackUrl: () => run.callbackUrl ?? 'https://riposte.local/callback',
    appSetting: (name) => run.appSettings?.[name],
    agentParameter: (name) => run.agentParameters?.[name],
  };
}

export const fixedHost: EvaluationHost = {
  now: () => new Date('2024-01-02T03:04:05.000Z'),
  random: () => 0.5,
  guid: () => '11111111-2222-3333-4444-555555555555',
};
