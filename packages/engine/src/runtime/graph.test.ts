import { describe, expect, it } from 'vitest';
import type { WorkflowAction } from '../definition/types.ts';
import { runDefinition } from './test-support.ts';

const ok = (inputs: unknown = 'x', runAfter: WorkflowAction['runAfter'] = {}): WorkflowAction => ({ type: 'Compose', inputs, runAfter });
const fail = (runAfter: WorkflowAction['runAfter'] = {}): WorkflowAction => ({ type: 'Compose', inputs: '@div(1, 0)', runAfter });

describe('runAfter scheduling', () => {
  it('runs actions without runAfter first and the others once their predecessors succeeded', async () => {
    const { result, actions } = await runDefinition({
      actions: { B: ok('@outputs(\'A\')', { A: ['Succeeded'] }), A: ok('a'), C: ok('@concat(outputs(\'B\'), \'c\')', { B: ['Succeeded'] }) },
    });
    expect(result.status).toBe('Succeeded');
    expect(actions.map((a) => a.name)).toEqual(['A', 'B', 'C']);
    expect(actions[2].outputs).toBe('ac');
  });

  it('skips an action whose runAfter cannot be met, and the skip propagates to its dependants', async () => {
    const { byName, result } = await runDefinition({
      actions: { A: fail(), B: ok('b', { A: ['Succeeded'] }), C: ok('c', { B: ['Succeeded'] }), D: ok('d', { C: ['Skipped'] }) },
    });
    expect(byName.A.status).toBe('Failed');
    expect(byName.B.status).toBe('Skipped');
    expect(byName.B.error?.code).toBe('ActionConditionFailed');
    // Worded as Logic Apps words it, statuses as the definition spells them.
    expect(byName.B.error?.message).toBe(
      "The execution of template action 'B' is skipped: the 'runAfter' condition for action 'A' is not satisfied. Expected status values 'Succeeded' and actual value 'Failed'.",
    );
    expect(byName.C.status).toBe('Skipped');
    expect(byName.D.status).toBe('Succeeded');
    // D is terminal and succeeded, so the failure of A was handled.
    expect(result.status).toBe('Succeeded');
  });

  it('runs a Failed handler and the run succeeds when the handler is the terminal action', async () => {
    const { byName, result } = await runDefinition({ actions: { A: fail(), Handler: ok('h', { A: ['Failed'] }) } });
    expect(byName.Handler.status).toBe('Succeeded');
    expect(result.status).toBe('Succeeded');
  });

  it('traces a skipped terminal action back to the failure that skipped it', async () => {
    const { byName, result } = await runDefinition({
      actions: { A: fail(), Next: ok('n', { A: ['Succeeded'] }), Handler: ok('h', { A: ['Failed'] }) },
    });
    expect(byName.Next.status).toBe('Skipped');
    expect(result.status).toBe('Failed');
    expect(result.error?.code).toBe('ActionFailed');
  });

  it('treats a skipped handler of a successful action as success', async () => {
    const { byName, result } = await runDefinition({ actions: { A: ok(), Handler: ok('h', { A: ['Failed'] }) } });
    expect(byName.Handler.status).toBe('Skipped');
    expect(result.status).toBe('Succeeded');
  });

  it('accepts several statuses and several predecessors', async () => {
    const { byName } = await runDefinition({
      actions: { A: fail(), B: ok(), Join: ok('j', { A: ['Succeeded', 'Failed'], B: ['Succeeded'] }) },
    });
    expect(byName.Join.status).toBe('Succeeded');
  });

  it('runs independent branches concurrently', async () => {
    const { actions } = await runDefinition(
      {
        actions: {
          Slow: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Second' } } },
          Fast: ok('f'),
          AfterSlow: ok('s', { Slow: ['Succeeded'] }),
        },
      },
      {},
      { clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) } },
    );
    const order = actions.filter((a) => a.status === 'Succeeded').sort((a, b) => a.endTime!.localeCompare(b.endTime!));
    expect(order.map((a) => a.name).indexOf('Fast')).toBeLessThan(order.map((a) => a.name).indexOf('AfterSlow'));
  });

  it('gives a Scope the status of its terminal inner actions and result() its inner records', async () => {
    const { byName, result } = await runDefinition({
      actions: {
        Try: { type: 'Scope', actions: { Step: fail(), After: ok('a', { Step: ['Succeeded'] }) } },
        Catch: ok("@length(result('Try'))", { Try: ['Failed'] }),
      },
    });
    expect(byName.Try.status).toBe('Failed');
    expect(byName.Try.error).toEqual({ code: 'ActionFailed', message: 'An action failed. No dependent actions succeeded.' });
    expect(byName.Catch.outputs).toBe(2);
    expect(result.status).toBe('Succeeded');
  });

  it('fails the run when a top-level action fails unhandled and reports it', async () => {
    const { result, byName } = await runDefinition({ actions: { A: fail() } });
    expect(result.status).toBe('Failed');
    expect(byName.A.error?.code).toBe('InvalidTemplate');
    expect(byName.A.error?.message).not.toMatch(/\n\s+at /);
  });

  it('does not take names inherited from Object.prototype for actions', async () => {
    const { byName } = await runDefinition({ actions: { A: ok('a', { constructor: ['Succeeded' as const], toString: ['Failed' as const] }) } });
    expect(byName.A.status).toBe('Succeeded');
  });

  it('fails an action of an unknown type with a clear error', async () => {
    const { byName } = await runDefinition({ actions: { X: { type: 'Teleport' } } });
    expect(byName.X.error).toEqual({ code: 'UnsupportedAction', message: 'action type not supported: Teleport' });
  });
});
