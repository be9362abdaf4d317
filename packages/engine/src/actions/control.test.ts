import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../runtime/clock.ts';
import { runDefinition } from '../runtime/test-support.ts';

describe('If', () => {
  it('runs the true branch for a predicate tree and records the other branch as Skipped', async () => {
    const { byName } = await runDefinition(
      {
        actions: {
          Check: {
            type: 'If',
            expression: { and: [{ equals: ["@triggerBody()?['severity']", 'High'] }, { not: { equals: [1, 2] } }] },
            actions: { Yes: { type: 'Compose', inputs: 'yes' } },
            else: { actions: { No: { type: 'Compose', inputs: 'no' } } },
          },
        },
      },
      { triggerBody: { severity: 'High' } },
    );
    expect(byName.Yes.status).toBe('Succeeded');
    expect(byName.No.status).toBe('Skipped');
    expect(byName.Check.inputs).toEqual({ expressionResult: true });
  });

  it('takes the else branch for a false expression string', async () => {
    const { byName } = await runDefinition({
      actions: { Check: { type: 'If', expression: '@greater(1, 2)', actions: { Yes: { type: 'Compose', inputs: 1 } }, else: { actions: { No: { type: 'Compose', inputs: 2 } } } } },
    });
    expect(byName.No.outputs).toBe(2);
    expect(byName.Yes.status).toBe('Skipped');
  });

  it('fails when the expression is not a condition', async () => {
    const { byName } = await runDefinition({ actions: { Check: { type: 'If', expression: '@string(1)', actions: {} } } });
    expect(byName.Check.status).toBe('Failed');
    expect(byName.Check.error?.code).toBe('InvalidTemplate');
  });
});

describe('Switch', () => {
  const definition = (value: unknown) => ({
    actions: {
      Route: {
        type: 'Switch',
        expression: '@triggerBody()',
        cases: { One: { case: 'a', actions: { A: { type: 'Compose', inputs: 'A' } } }, Two: { case: 2, actions: { B: { type: 'Compose', inputs: 'B' } } } },
        default: { actions: { D: { type: 'Compose', inputs: 'D' } } },
      },
    },
    _v: value,
  });
  it('runs the matching case', async () => {
    const { byName } = await runDefinition(definition('a'), { triggerBody: 'a' });
    expect(byName.A.status).toBe('Succeeded');
    expect(byName.B.status).toBe('Skipped');
    expect(byName.D.status).toBe('Skipped');
  });
  it('matches integer cases and falls back to default', async () => {
    expect((await runDefinition(definition(2), { triggerBody: 2 })).byName.B.status).toBe('Succeeded');
    expect((await runDefinition(definition('z'), { triggerBody: 'z' })).byName.D.status).toBe('Succeeded');
  });
});

describe('Foreach', () => {
  it('runs iterations one at a time in order when Sequential, with items() and iterationIndexes()', async () => {
    const { actions, result } = await runDefinition(
      {
        actions: {
          Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'log', type: 'string' }] } },
          Loop: {
            type: 'Foreach',
            foreach: '@triggerBody()',
            operationOptions: 'Sequential',
            runAfter: { Init: ['Succeeded'] },
            actions: {
              Delay: { type: 'Wait', inputs: { interval: { count: "@sub(4, iterationIndexes('Loop'))", unit: 'Second' } } },
              Add: { type: 'AppendToStringVariable', inputs: { name: 'log', value: "@{items('Loop')}," }, runAfter: { Delay: ['Succeeded'] } },
            },
          },
        },
        outputs: { log: { type: 'String', value: "@variables('log')" } },
      },
      { triggerBody: ['a', 'b', 'c'] },
    );
    expect(result.outputs.log).toBe('a,b,c,');
    expect(actions.filter((a) => a.name === 'Add').map((a) => a.iteration)).toEqual([[0], [1], [2]]);
  });

  it('runs at most `repetitions` iterations at once', async () => {
    let running = 0;
    let peak = 0;
    const clock = {
      now: () => Date.now(),
      sleep: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
    };
    const { result } = await runDefinition(
      {
        actions: {
          Loop: {
            type: 'Foreach',
            foreach: '@range(0, 12)',
            runtimeConfiguration: { concurrency: { repetitions: 3 } },
            actions: { Delay: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Second' } } } },
          },
        },
      },
      {},
      { clock },
    );
    expect(result.status).toBe('Succeeded');
    expect(peak).toBe(3);
  });

  it('fails when an iteration failed, and fails on a non-array input', async () => {
    const { byName } = await runDefinition({
      actions: {
        Loop: { type: 'Foreach', foreach: '@createArray(1, 0, 2)', actions: { Div: { type: 'Compose', inputs: '@div(10, item())' } } },
        NotArray: { type: 'Foreach', foreach: '@string(1)', actions: {} },
      },
    });
    expect(byName.Loop.status).toBe('Failed');
    expect(byName.NotArray.status).toBe('Failed');
    expect(byName.NotArray.error?.message).toMatch(/expected an array/);
  });

  it('lets an action refer to a sibling in the same iteration', async () => {
    const { actions } = await runDefinition({
      actions: {
        Loop: {
          type: 'Foreach',
          foreach: '@createArray(1, 2)',
          actions: { Double: { type: 'Compose', inputs: '@mul(item(), 2)' }, Plus: { type: 'Compose', inputs: "@add(outputs('Double'), 1)", runAfter: { Double: ['Succeeded'] } } },
        },
      },
    });
    expect(actions.filter((a) => a.name === 'Plus').map((a) => a.outputs)).toEqual([3, 5]);
  });
});

describe('Until', () => {
  it('repeats until the expression holds', async () => {
    const { result, actions } = await runDefinition({
      actions: {
        Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'i', type: 'integer', value: 0 }] } },
        Loop: { type: 'Until', expression: "@equals(variables('i'), 3)", limit: { count: 10 }, runAfter: { Init: ['Succeeded'] }, actions: { Inc: { type: 'IncrementVariable', inputs: { name: 'i' } } } },
      },
      outputs: { i: { type: 'Int', value: "@variables('i')" } },
    });
    expect(result.outputs.i).toBe(3);
    expect(actions.filter((a) => a.name === 'Inc')).toHaveLength(3);
  });

  it('stops after limit.count iterations', async () => {
    const { actions, byName } = await runDefinition({
      actions: { Loop: { type: 'Until', expression: '@equals(1, 2)', limit: { count: 4 }, actions: { Step: { type: 'Compose', inputs: 1 } } } },
    });
    expect(actions.filter((a) => a.name === 'Step')).toHaveLength(4);
    expect(byName.Loop.status).toBe('Succeeded');
  });

  it('is TimedOut when limit.timeout passes before the condition holds', async () => {
    const { byName, result } = await runDefinition({
      actions: {
        Loop: { type: 'Until', expression: '@equals(1, 2)', limit: { count: 100, timeout: 'PT1M' }, actions: { Pause: { type: 'Wait', inputs: { interval: { count: 25, unit: 'Second' } } } } },
      },
    });
    expect(byName.Loop.status).toBe('TimedOut');
    expect(result.status).toBe('TimedOut');
  });

  it('rejects a count above the limit', async () => {
    const { byName } = await runDefinition({ actions: { Loop: { type: 'Until', expression: '@true', limit: { count: 5001 }, actions: {} } } });
    expect(byName.Loop.error?.message).toMatch(/limit.count/);
  });
});

describe('Terminate', () => {
  it('ends the run with the given status and error, and nothing after it runs', async () => {
    const { result, byName } = await runDefinition({
      actions: {
        Stop: { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code: 'Denied', message: 'not allowed' } } },
        After: { type: 'Compose', inputs: 1, runAfter: { Stop: ['Succeeded'] } },
      },
    });
    expect(result.status).toBe('Failed');
    expect(result.error).toEqual({ code: 'Denied', message: 'not allowed' });
    expect(byName.After).toBeUndefined();
  });

  it('can end the run Cancelled or Succeeded from inside a loop', async () => {
    const cancelled = await runDefinition({
      actions: { Loop: { type: 'Foreach', foreach: '@range(0, 3)', operationOptions: 'Sequential', actions: { Stop: { type: 'Terminate', inputs: { runStatus: 'Cancelled' } } } } },
    });
    expect(cancelled.result.status).toBe('Cancelled');
    expect(cancelled.actions.filter((a) => a.name === 'Stop')).toHaveLength(1);
    const ok = await runDefinition({ actions: { A: { type: 'Compose', inputs: '@div(1,0)' }, Stop: { type: 'Terminate', inputs: { runStatus: 'Succeeded' }, runAfter: { A: ['Failed'] } } } });
    expect(ok.result.status).toBe('Succeeded');
  });

  it('cancels actions still running in other branches', async () => {
    const { result, byName } = await runDefinition(
      {
        actions: {
          Long: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } } },
          Stop: { type: 'Terminate', inputs: { runStatus: 'Cancelled' } },
        },
      },
      {},
      { clock: systemClock },
    );
    expect(result.status).toBe('Cancelled');
    expect(byName.Long.status).toBe('Cancelled');
  });
});

describe('Wait', () => {
  it('waits the interval on the injected clock', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const { byName } = await runDefinition({ actions: { Pause: { type: 'Wait', inputs: { interval: { count: 2, unit: 'Minute' } } } } }, {}, { clock });
    expect(clock.now() - start).toBe(120_000);
    expect(byName.Pause.status).toBe('Succeeded');
  });

  it('waits until a timestamp, and not at all for one in the past', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    await runDefinition({ actions: { Pause: { type: 'Wait', inputs: { until: { timestamp: '2026-01-01T01:00:00Z' } } } } }, {}, { clock });
    expect(clock.now()).toBe(Date.parse('2026-01-01T01:00:00Z'));
    await runDefinition({ actions: { Pause: { type: 'Wait', inputs: { until: { timestamp: '2020-01-01T00:00:00Z' } } } } }, {}, { clock });
    expect(clock.now()).toBe(Date.parse('2026-01-01T01:00:00Z'));
  });

  it('fails on an unknown unit', async () => {
    const { byName } = await runDefinition({ actions: { Pause: { type: 'Wait', inputs: { interval: { count: 2, unit: 'Fortnight' } } } } });
    expect(byName.Pause.error?.message).toMatch(/interval.unit/);
  });
});
