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
