import { describe, expect, it } from 'vitest';
import { systemClock, WorkflowRuntime, type HttpClient, type WorkflowDefinition } from '@riposte/engine';
import { openPostgresRunStore } from './postgres-run-store.ts';
import { RunQueueWorker } from './run-queue-worker.ts';
import { testConnection, testSchema } from './test-database.test-support.ts';

const schema = testSchema();

// Each run calls out once with its number; the calls are the side effects that must happen once.
const definition: WorkflowDefinition = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: {
    Call: { type: 'Http', inputs: { method: 'POST', uri: "https://work.test/@{triggerBody()?['n']}" }, runAfter: {} },
  },
} as WorkflowDefinition;

function worker(name: string, calls: Array<{ worker: string; n: string }>, gate?: Promise<void>) {
  const http: HttpClient = {
    async send(req) {
      calls.push({ worker: name, n: new URL(req.url).pathname.slice(1) });
      if (gate) await gate;
      return { statusCode: 200, headers: {}, body: '{}' };
    },
  };
  return http;
}

describe('two workers sharing one PostgreSQL run queue', () => {
  it('executes every queued run exactly once, each worker taking runs the other does not hold', async () => {
    const enqueuer = await openPostgresRunStore({ connection: testConnection, schema });
    const storeA = await openPostgresRunStore({ connection: testConnection, schema });
    const storeB = await openPostgresRunStore({ connection: testConnection, schema });
    const calls: Array<{ worker: string; n: string }> = [];
    // Worker A's first call waits until B has executed a run: B must get work while A holds one.
    let bWorked!: () => void;
    const bHasWorked = new Promise<void>((resolve) => (bWorked = resolve));
    const httpA = worker('a', calls, bHasWorked);
    const httpB = worker('b', calls);
    const sendB = httpB.send.bind(httpB);
    httpB.send = async (req) => {
      const res = await sendB(req);
      bWorked();
      return res;
    };
    const runtimeA = new WorkflowRuntime({ store: storeA, http: httpA, owner: 'worker-a', leaseMs: 30_000 });
    const runtimeB = new WorkflowRuntime({ store: storeB, http: httpB, owner: 'worker-b', leaseMs: 30_000 });
    const errors: unknown[] = [];
    const a = new RunQueueWorker({ store: storeA, runtime: runtimeA, owner: 'worker-a', leaseMs: 30_000, concurrency: 1, onError: (e) => errors.push(e) });
    const b = new RunQueueWorker({ store: storeB, runtime: runtimeB, owner: 'worker-b', leaseMs: 30_000, concurrency: 2, onError: (e) => errors.push(e) });
    const total = 24;
    try {
      await a.start();
      await b.start();
      const ids: string[] = [];
      for (let n = 0; n < total; n++) {
        const id = `queued-${n}`;
        ids.push(id);
        const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
        await enqueuer.createRun({ id, workflowName: 'queue', definition, trigger: { name: 'manual', outputs: { headers: {}, body: { n } }, startTime: at }, parameters: {}, startTime: at });
      }
      // Finished runs leave the queue; wait until it is empty (woken by the workers' notifications).
      while ((await enqueuer.listUnfinished(1000)).some((id) => ids.includes(id))) await new Promise((r) => setTimeout(r, 20));
      expect(errors).toEqual([]);
      expect(calls.map((c) => Number(c.n)).sort((x, y) => x - y)).toEqual([...Array(total).keys()]);
      expect(new Set(calls.map((c) => c.worker))).toEqual(new Set(['a', 'b']));
      for (const id of ids) expect((await enqueuer.getRun(id))?.status).toBe('Succeeded');
    } finally {
      await a.stop();
      await b.stop();
      await Promise.all([enqueuer.close(), storeA.close(), storeB.close()]);
    }
  });
});

describe('a worker that dies mid-run', () => {
  it('leaves its run to another worker once the lease expired; finished steps are not repeated', async () => {
    const storeA = await openPostgresRunStore({ connection: testConnection, schema });
    const storeB = await openPostgresRunStore({ connection: testConnection, schema });
    const calls: string[] = [];
    const twoSteps = {
      ...definition,
      actions: {
        First: { type: 'Http', inputs: { method: 'POST', uri: 'https://work.test/first' }, runAfter: {} },
        Second: { type: 'Http', inputs: { method: 'POST', uri: 'https://work.test/second' }, runAfter: { First: ['Succeeded'] } },
      },
    } as WorkflowDefinition;
    let aReachedSecond!: () => void;
    const reached = new Promise<void>((resolve) => (aReachedSecond = resolve));
    // Worker A does the first step, then hangs in the second: the process "dies" there.
    const httpA: HttpClient = {
      async send(req) {
        calls.push(`a${new URL(req.url).pathname}`);
        if (req.url.endsWith('/second')) {
          aReachedSecond();
          return new Promise(() => {});
        }
        return { statusCode: 200, headers: {}, body: '{}' };
      },
    };
    const httpB: HttpClient = {
      async send(req) {
        calls.push(`b${new URL(req.url).pathname}`);
        return { statusCode: 200, headers: {}, body: '{}' };
      },
    };
    const leaseMs = 30_000;
    const runtimeA = new WorkflowRuntime({ store: storeA, http: httpA, owner: 'dying', leaseMs });
    const a = new RunQueueWorker({ store: storeA, runtime: runtimeA, owner: 'dying', leaseMs, pollMs: 60_000 });
    // B's clock is past A's lease: what it sees once A stopped renewing.
    const later = () => new Date(Date.now() + 2 * leaseMs);
    const runtimeB = new WorkflowRuntime({ store: storeB, http: httpB, owner: 'survivor', leaseMs, clock: { now: () => later().getTime(), sleep: (ms, signal) => systemClock.sleep(ms, signal) } });
    const b = new RunQueueWorker({ store: storeB, runtime: runtimeB, owner: 'survivor', leaseMs, pollMs: 60_000, now: later });
    try {
      await a.start();
      const at = new Date().toISOString();
      await storeB.createRun({ id: 'crash-1', workflowName: 'crash', definition: twoSteps, trigger: { name: 'manual', outputs: { headers: {}, body: {} }, startTime: at }, parameters: {}, startTime: at });
      await reached;
      await runtimeA.flush();
      // The process dies: its connections go, its leases are no longer renewed.
      await storeA.close();
      await b.start();
      while ((await storeB.getRun('crash-1'))?.status === 'Running') await new Promise((r) => setTimeout(r, 20));
      expect((await storeB.getRun('crash-1'))?.status).toBe('Succeeded');
      expect(calls).toEqual(['a/first', 'a/second', 'b/second']);
    } finally {
      await b.stop();
      await storeB.close();
    }
  });
});
