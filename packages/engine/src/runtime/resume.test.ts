import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../definition/types.ts';
import { ConnectorRegistry } from '../connectors/registry.ts';
import { testConnector } from '../connectors/test-connector.ts';
import { MemoryRunStore } from '../store/memory-run-store.ts';
import type { ActionEntry, RunStore } from '../store/run-store.ts';
import { ManualClock, type Clock } from './clock.ts';
import type { HttpClient } from './http-client.ts';
import { undiciHttpClient } from './http-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { WorkflowRuntime, type WorkflowRuntimeOptions } from './workflow-runtime.ts';

/**
 * A "crash" in process: the first runtime is left hanging inside a side effect or a timer (its
 * promise never settles, as if the process died there); a second runtime on the same store
 * resumes the run.
 */
const never = <T>() => new Promise<T>(() => {});
const hangingClock: Clock = { now: () => Date.parse('2026-01-01T00:00:00Z'), sleep: (ms) => (ms > 0 ? never() : Promise.resolve()) };
const owner = 'same-process-identity';

async function until(store: RunStore, runId: string, test: (actions: ActionEntry[]) => boolean): Promise<ActionEntry[]> {
  for (let i = 0; i < 500; i++) {
    const actions = await store.listActions(runId);
    if (test(actions)) return actions;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('condition not reached');
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function runtime(store: RunStore, options: Partial<WorkflowRuntimeOptions>): WorkflowRuntime {
  return new WorkflowRuntime({ store, owner, ...options });
}

describe('resuming a run', () => {
  it('continues a Wait for the remaining time only, without redoing finished actions', async () => {
    const store = new MemoryRunStore();
    const definition: WorkflowDefinition = {
      actions: {
        Stamp: { type: 'Compose', inputs: '@guid()' },
        Pause: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Minute' } }, runAfter: { Stamp: ['Succeeded'] } },
        After: { type: 'Compose', inputs: "@outputs('Stamp')", runAfter: { Pause: ['Succeeded'] } },
      },
    };
    const first = runtime(store, { clock: hangingClock });
    const { runId } = await first.start({ definition });
    const before = await until(store, runId, (a) => a.some((e) => e.name === 'Pause' && e.status === 'Waiting'));
    const stamp = before.find((e) => e.name === 'Stamp')!.outputs;

    const clock = new ManualClock(Date.parse('2026-01-01T00:04:00Z'));
    const second = runtime(store, { clock });
    const [result] = await second.resumeAll();
    expect(result.status).toBe('Succeeded');
    expect(clock.sleeps).toEqual([6 * 60_000]);
    const { actions } = await second.history(runId);
    expect(actions.find((e) => e.name === 'After')?.outputs).toBe(stamp);
  });

  it('retries an Http call that was in flight with the same Idempotency-Key; finished calls are not repeated', async () => {
    // The server applies each effect once per Idempotency-Key, as a well-behaved API does.
    const effects = new Set<string>();
    server = await startTestServer((req) => {
      effects.add(String(req.headers['idempotency-key']));
      return { status: 200, body: { effects: effects.size } };
    });
    const url = server.url;
    const store = new MemoryRunStore();
    const definition: WorkflowDefinition = {
      actions: {
        One: { type: 'Http', inputs: { method: 'POST', uri: `${url}/one` } },
        Two: { type: 'Http', inputs: { method: 'POST', uri: `${url}/two` }, runAfter: { One: ['Succeeded'] } },
      },
    };
    // The first process sends Two, then dies before the answer arrives.
    const dying: HttpClient = { send: (req) => (req.url.endsWith('/two') ? undiciHttpClient.send(req).then(() => never()) : undiciHttpClient.send(req)) };
    const first = runtime(store, { http: dying });
    const { runId } = await first.start({ definition });
    await until(store, runId, () => server!.requests.some((r) => r.url === '/two'));

    const second = runtime(store, {});
    const result = await second.resume(runId);
    expect(result.status).toBe('Succeeded');
    const byUrl = (u: string) => server!.requests.filter((r) => r.url === u);
    expect(byUrl('/one')).toHaveLength(1);
    expect(byUrl('/two')).toHaveLength(2);
    expect(new Set(byUrl('/two').map((r) => r.headers['idempotency-key']))).toEqual(new Set([`${runId}/Two`]));
    const two = (await second.history(runId)).actions.find((a) => a.name === 'Two')!;
    expect(two.attempts).toBe(2);
    expect(effects.size).toBe(2);
  });

  it('continues a retry back-off from its recorded instant', async () => {
    server = await startTestServer((_r, i) => ({ status: i === 0 ? 500 : 200 }));
    const store = new MemoryRunStore();
    const definition: WorkflowDefinition = { actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: server.url, retryPolicy: { type: 'fixed', count: 2, interval: 'PT30S' } } } } };
    const first = runtime(store, { clock: hangingClock });
    const { runId } = await first.start({ definition });
    await until(store, runId, (a) => a[0]?.status === 'Waiting' && a[0]?.notBefore !== undefined);
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:10Z'));
    const result = await runtime(store, { clock }).resume(runId);
    expect(result.status).toBe('Succeeded');
    expect(clock.sleeps[0]).toBe(20_000);
    expect(server.requests).toHaveLength(2);
  });

  it('replays variables and loop state so a resumed Until ends where it would have', async () => {
    const store = new MemoryRunStore();
    const definition: WorkflowDefinition = {
      actions: {
        Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'i', type: 'integer', value: 0 }] } },
        Loop: {
          type: 'Until',
          expression: "@equals(variables('i'), 3)",
          limit: { count: 10 },
          runAfter: { Init: ['Succeeded'] },
          actions: { Inc: { type: 'IncrementVariable', inputs: { name: 'i' } }, Pause: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Second' } }, runAfter: { Inc: ['Succeeded'] } } },
        },
      },
      outputs: { i: { type: 'Int', value: "@variables('i')" } },
    };
    // Sleeps pass until the second iteration's Wait, which hangs.
    let sleeps = 0;
    const clock: Clock = { now: () => 0, sleep: (ms) => (ms > 0 && ++sleeps === 2 ? never() : Promise.resolve()) };
    const { runId } = await runtime(store, { clock }).start({ definition });
    await until(store, runId, (a) => a.some((e) => e.name === 'Pause' && e.iteration[0] === 1 && e.status === 'Waiting'));
    const result = await runtime(store, { clock: new ManualClock(0) }).resume(runId);
    expect(result.outputs.i).toBe(3);
    expect((await store.listActions(runId)).filter((e) => e.name === 'Inc')).toHaveLength(3);
  });

  it('ends with the latest variable value when concurrent iterations changed it out of index order', async () => {
    const store = new MemoryRunStore();
    const definition: WorkflowDefinition = {
      actions: {
        Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'order', type: 'array', value: [] }] } },
        Loop: {
          type: 'Foreach',
          foreach: '@createArray(0, 1, 2)',
          runAfter: { Init: ['Succeeded'] },
          // Later items wait less, so they append first: the order is 2, 1, 0.
          actions: { Delay: { type: 'Wait', inputs: { interval: { count: '@sub(3, item())', unit: 'Second' } } }, Add: { type: 'AppendToArrayVariable', inputs: { name: 'order', value: '@item()' }, runAfter: { Delay: ['Succeeded'] } } },
        },
        Pause: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } }, runAfter: { Loop: ['Succeeded'] } },
      },
      outputs: { order: { type: 'Array', value: "@variables('order')" } },
    };
    const clock: Clock = { now: () => 0, sleep: (ms) => (ms >= 3_600_000 ? never() : new Promise((r) => setTimeout(r, ms / 100))) };
    const { runId } = await runtime(store, { clock }).start({ definition });
    await until(store, runId, (a) => a.some((e) => e.name === 'Pause' && e.status === 'Waiting'));
    const result = await runtime(store, { clock: new ManualClock(0) }).resume(runId);
    expect(result.outputs.order).toEqual([2, 1, 0]);
  });

  it('continues the same child run of a Workflow action, even without a resolver', async () => {
    const store = new MemoryRunStore();
    const child: WorkflowDefinition = {
      actions: { Pause: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } } }, Reply: { type: 'Response', inputs: { statusCode: 200, body: '@guid()' }, runAfter: { Pause: ['Succeeded'] } } },
    };
    const parent: WorkflowDefinition = { actions: { Call: { type: 'Workflow', inputs: { host: { workflow: { id: 'child' } } } } }, outputs: { got: { type: 'String', value: "@body('Call')" } } };
    const { runId } = await runtime(store, { clock: hangingClock, resolveWorkflow: async () => ({ name: 'child', definition: child }) }).start({ definition: parent });
    await until(store, runId, (a) => a[0]?.status === 'Running' && (a[0]?.state as { target?: unknown } | undefined)?.target !== undefined);
    const unfinished = await store.listUnfinished();
    expect(unfinished).toHaveLength(2);
    const second = runtime(store, { clock: new ManualClock() });
    const results = await second.resumeAll();
    expect(results.every((r) => r.status === 'Succeeded')).toBe(true);
    const childResult = results.find((r) => r.runId !== runId)!;
    expect(results.find((r) => r.runId === runId)?.outputs.got).toBe(childResult.response?.body);
    expect(await store.listUnfinished()).toEqual([]);
  });

  it('takes up a webhook callback delivered while the run was not in memory', async () => {
    const store = new MemoryRunStore();
    const connectors = new ConnectorRegistry().register(testConnector);
    const params = { $connections: { 'riposte-test': { connectionId: 'c', id: '/managedApis/riposte-test' } } };
    const definition: WorkflowDefinition = {
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
      actions: { Ask: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { name: 'c' } }, method: 'post', path: '/subscribe' } } },
      outputs: { answer: { type: 'Object', value: "@body('Ask')" } },
    };
    const first = runtime(store, { connectors });
    const { runId } = await first.start({ definition, parameters: params });
    await until(store, runId, (a) => a[0]?.status === 'Waiting');
    const second = runtime(store, { connectors });
    await second.deliverCallback(runId, 'Ask', { ok: 1 });
    const result = await second.resume(runId);
    expect(result.outputs.answer).toEqual({ ok: 1 });
  });

  it('keeps secured outputs out of the journal; a resumed run recomputes deterministic secure values', async () => {
    const store = new MemoryRunStore();
    const definition: WorkflowDefinition = {
      actions: {
        Secret: { type: 'Compose', inputs: "@concat('pw-', triggerBody())", runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } } },
        Pause: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: { Secret: ['Succeeded'] } },
        Use: { type: 'Compose', inputs: "@length(outputs('Secret'))", runAfter: { Pause: ['Succeeded'] } },
      },
    };
    const { runId } = await runtime(store, { clock: hangingClock }).start({ definition, triggerBody: 'abc' });
    await until(store, runId, (a) => a.some((e) => e.name === 'Pause' && e.status === 'Waiting'));
    expect(JSON.stringify(await store.listActions(runId))).not.toContain('pw-abc');
    await runtime(store, { clock: new ManualClock() }).resume(runId);
    const actions = await store.listActions(runId);
    expect(actions.find((a) => a.name === 'Use')?.outputs).toBe(6);
    expect(JSON.stringify(actions)).not.toContain('pw-abc');
  });

  it('leaves runs leased by another live process alone', async () => {
    const store = new MemoryRunStore();
    const { runId } = await new WorkflowRuntime({ store, owner: 'other', clock: { now: () => Date.now(), sleep: () => never() } }).start({ definition: { actions: { Pause: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } } } } } });
    await until(store, runId, (a) => a[0]?.status === 'Waiting');
    const mine = new WorkflowRuntime({ store, owner: 'me' });
    expect(await mine.resumeAll()).toEqual([]);
    await expect(mine.resume(runId)).rejects.toMatchObject({ code: 'RunLeased' });
  });

  it('returns the recorded result when asked to resume a finished run', async () => {
    const store = new MemoryRunStore();
    const rt = runtime(store, {});
    const done = await rt.run({ definition: { actions: { A: { type: 'Compose', inputs: 1 } }, outputs: { a: { type: 'Int', value: "@outputs('A')" } } } });
    expect(await runtime(store, {}).resume(done.runId)).toMatchObject({ status: 'Succeeded', outputs: { a: 1 } });
  });
});
