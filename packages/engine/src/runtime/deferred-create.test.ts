import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../definition/types.ts';
import { MemoryRunStore } from '../store/memory-run-store.ts';
import type { RunChanges, RunStore } from '../store/run-store.ts';
import { ManualClock } from './clock.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { WorkflowRuntime } from './workflow-runtime.ts';

/** A memory store that records what each commit carried. */
function recordingStore(): { store: RunStore; commits: RunChanges[][]; memory: MemoryRunStore } {
  const memory = new MemoryRunStore();
  const commits: RunChanges[][] = [];
  const store: RunStore = Object.assign(Object.create(memory) as RunStore, {
    commit: (changes: RunChanges[]) => (commits.push(changes), memory.commit(changes)),
    createRun: (run: Parameters<RunStore['createRun']>[0]) => (commits.push([{ runId: run.id, create: run }]), memory.createRun(run)),
  });
  return { store, commits, memory };
}

const answer: WorkflowDefinition = {
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: {
    Shape: { type: 'Compose', runAfter: {}, inputs: { id: "@triggerBody()?['id']" } },
    Answer: { type: 'Response', kind: 'Http', runAfter: { Shape: ['Succeeded'] }, inputs: { statusCode: 200, body: "@outputs('Shape')" } },
  },
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('deferCreate', () => {
  it('journals a pure run (creation, actions, response, end) in one commit', async () => {
    const { store, commits } = recordingStore();
    const runtime = new WorkflowRuntime({ store, clock: new ManualClock() });
    const handle = await runtime.start({ definition: answer, triggerBody: { id: 7 }, deferCreate: true });
    expect(commits).toHaveLength(0);
    expect((await handle.response)?.body).toEqual({ id: 7 });
    await runtime.flush();
    expect((await handle.done).status).toBe('Succeeded');
    expect(commits).toHaveLength(1);
    const [change] = commits[0]!;
    expect(change).toMatchObject({ create: { id: handle.runId }, response: { statusCode: 200 }, finish: { status: 'Succeeded' } });
    expect(change!.actions!.map((a) => [a.name, a.status])).toEqual([
      ['Shape', 'Succeeded'],
      ['Answer', 'Succeeded'],
    ]);
  });

  it('without it, the creation is committed before start() resolves', async () => {
    const { store, commits } = recordingStore();
    const runtime = new WorkflowRuntime({ store, clock: new ManualClock() });
    const handle = await runtime.start({ definition: answer, triggerBody: { id: 7 } });
    expect(commits).toHaveLength(1);
    expect(commits[0]![0]!.create?.id).toBe(handle.runId);
    await handle.done;
  });

  it('still has the run durable before a side effect leaves the process', async () => {
    const { store, memory } = recordingStore();
    let seenDurable: boolean | undefined;
    let runId = '';
    server = await startTestServer(async () => {
      seenDurable = (await memory.getRun(runId)) !== undefined;
      return { status: 200, body: { ok: true } };
    });
    const runtime = new WorkflowRuntime({ store, clock: new ManualClock() });
    const definition = { actions: { Call: { type: 'Http', runAfter: {}, inputs: { method: 'POST', uri: `${server.url}/effect`, body: { x: 1 } } } } };
    const handle = await runtime.start({ definition, deferCreate: true });
    runId = handle.runId;
    expect((await handle.done).status).toBe('Succeeded');
    expect(server.requests).toHaveLength(1);
    expect(seenDurable).toBe(true);
  });
});
