import { describe, expect, it } from 'vitest';
import { MemoryRunStore } from '../store/memory-run-store.ts';
import type { RunChanges, RunStore } from '../store/run-store.ts';
import { runDefinition } from './test-support.ts';

describe('run origin', () => {
  it('is journaled in the same commit that creates the run, and shows in history and run lists', async () => {
    const memory = new MemoryRunStore();
    const commits: RunChanges[][] = [];
    // Records what each commit carried, so the test sees the origin arrive with the creation.
    const store: RunStore = Object.assign(Object.create(memory) as RunStore, {
      commit: (changes: RunChanges[]) => (commits.push(changes), memory.commit(changes)),
    });
    const origin = { workflowId: 'pb-1', workflowVersion: 4, startedBy: 'request' };
    const { result, runtime } = await runDefinition({ actions: { A: { type: 'Compose', inputs: 1 } } }, { origin, workflowName: 'echo' }, { store });
    const creation = commits.flat().find((c) => c.create);
    expect(creation?.create?.origin).toEqual(origin);
    expect((await runtime.history(result.runId)).run.origin).toEqual(origin);
    expect((await store.listRuns({ workflowId: 'pb-1' })).map((r) => r.id)).toEqual([result.runId]);
    expect(await store.listRuns({ workflowId: 'pb-2' })).toEqual([]);
  });
});

describe('run ids', () => {
  it('are UUIDv7 by default, increasing in the order runs are started', async () => {
    const store = new MemoryRunStore();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await runDefinition({ actions: {} }, {}, { store })).result.runId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
  });

  it('come from newRunId when given', async () => {
    let n = 0;
    const { result } = await runDefinition({ actions: {} }, {}, { newRunId: () => `run-${++n}` });
    expect(result.runId).toBe('run-1');
  });
});
