/**
 * The behaviour every RunStore adapter must have. Each adapter's test calls
 * runStoreConformance('<name>', makeStore) — memory, SQLite, and later PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, RunStoreError, type ActionEntry, type NewRun, type RunStore } from './run-store.ts';

let counter = 0;

function newRun(overrides: Partial<NewRun> = {}): NewRun {
  counter++;
  return {
    id: `run-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    workflowName: 'wf',
    definition: { actions: { A: { type: 'Compose', inputs: 1 } } },
    trigger: { name: 'manual', outputs: { headers: {}, body: { x: 1 } }, startTime: '2026-01-01T00:00:00.000Z' },
    parameters: { p: 'v' },
    startTime: `2026-01-01T00:00:${String(counter % 60).padStart(2, '0')}.000Z`,
    ...overrides,
  };
}

function entry(path: string, iteration: number[], status: ActionEntry['status'], extra: Partial<ActionEntry> = {}): ActionEntry {
  return { path, iteration, name: path.split('/').pop()!, type: 'Compose', status, startTime: '2026-01-01T00:00:01.000Z', ...extra };
}

export function runStoreConformance(name: string, makeStore: () => Promise<RunStore> | RunStore): void {
  describe(`RunStore conformance: ${name}`, () => {
    let store: RunStore;
    const open = async () => (store = await makeStore());
    afterEach(async () => {
      await store?.close();
    });

    it('keeps a created run with its definition snapshot, trigger and parameters', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      const got = await store.getRun(run.id);
      expect(got).toMatchObject({ id: run.id, status: 'Running', definition: run.definition, trigger: run.trigger, parameters: run.parameters });
      expect(await store.getRun('nope')).toBeUndefined();
    });

    it('refuses a second run with the same id', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      await expect(store.createRun(run)).rejects.toBeInstanceOf(RunStoreError);
    });

    it('upserts action entries by path and iteration, keeping first-write order', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      await store.commit([{ runId: run.id, actions: [entry('A', [], 'Running'), entry('L/B', [0], 'Succeeded'), entry('L/B', [1], 'Running')] }]);
      await store.commit([{ runId: run.id, actions: [entry('A', [], 'Succeeded', { outputs: { v: 1 }, attempts: 2, idempotencyKey: 'k' }), entry('L/B', [1], 'Failed', { error: { code: 'X', message: 'y' } })] }]);
      const actions = await store.listActions(run.id);
      expect(actions.map((a) => `${a.path}#${a.iteration.join(',')}:${a.status}`)).toEqual(['A#:Succeeded', 'L/B#0:Succeeded', 'L/B#1:Failed']);
      expect(actions[0]).toMatchObject({ outputs: { v: 1 }, attempts: 2, idempotencyKey: 'k' });
      expect(actions[2].error).toEqual({ code: 'X', message: 'y' });
    });

    it('stores redaction markers as they are', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      await store.commit([{ runId: run.id, actions: [entry('S', [], 'Succeeded', { inputs: REDACTED, outputs: REDACTED })] }]);
      const [a] = await store.listActions(run.id);
      expect(a.inputs).toEqual({ $redacted: true });
    });

    it('keeps timers, variables, the response and action state', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      await store.commit([
        {
          runId: run.id,
          actions: [entry('W', [], 'Waiting', { notBefore: '2026-01-01T00:05:00.000Z', state: { deadline: 'x' } })],
          variables: { n: 3 },
          wakeAt: '2026-01-01T00:05:00.000Z',
          response: { statusCode: 201, headers: { a: 'b' }, body: { ok: true } },
        },
      ]);
      const got = await store.getRun(run.id);
      expect(got).toMatchObject({ variables: { n: 3 }, wakeAt: '2026-01-01T00:05:00.000Z', response: { statusCode: 201, body: { ok: true } } });
      expect((await store.listActions(run.id))[0]).toMatchObject({ notBefore: '2026-01-01T00:05:00.000Z', state: { deadline: 'x' } });
    });

    it('lists unfinished runs oldest first and forgets them once finished', async () => {
      await open();
      const a = newRun({ startTime: '2026-01-01T00:00:01.000Z' });
      const b = newRun({ startTime: '2026-01-01T00:00:00.000Z' });
      await store.createRun(a);
      await store.createRun(b);
      expect((await store.listUnfinished()).filter((id) => id === a.id || id === b.id)).toEqual([b.id, a.id]);
      await store.commit([{ runId: b.id, finish: { status: 'Failed', endTime: '2026-01-01T00:01:00.000Z', outputs: { o: 1 }, error: { code: 'ActionFailed', message: 'm' } } }]);
      expect(await store.listUnfinished()).not.toContain(b.id);
      expect(await store.getRun(b.id)).toMatchObject({ status: 'Failed', endTime: '2026-01-01T00:01:00.000Z', outputs: { o: 1 }, error: { code: 'ActionFailed' } });
    });

    it('commits the changes of several runs together, or none when one run is unknown', async () => {
      await open();
      const a = newRun();
      await store.createRun(a);
      await expect(store.commit([{ runId: a.id, actions: [entry('X', [], 'Succeeded')] }, { runId: 'missing', actions: [] }])).rejects.toBeInstanceOf(RunStoreError);
      expect(await store.listActions(a.id)).toEqual([]);
    });

    it('creates runs inside a commit, with their first changes, and refuses an existing id', async () => {
      await open();
      const a = newRun({ leaseOwner: 'p1', leaseUntil: '2999-01-01T00:00:00.000Z' });
      await store.commit([{ runId: a.id, create: a, actions: [entry('A', [], 'Running')], variables: { v: 1 } }]);
      expect(await store.getRun(a.id)).toMatchObject({ status: 'Running', variables: { v: 1 }, leaseOwner: 'p1' });
      expect(await store.listActions(a.id)).toHaveLength(1);
      // The lease taken at creation keeps other owners away.
      expect(await store.claimRun(a.id, 'p2', 1_000)).toBe(false);
      await expect(store.commit([{ runId: a.id, create: a }])).rejects.toMatchObject({ code: 'Conflict' });
    });

    it('takes a run created and finished in one commit with every run-level change', async () => {
      await open();
      const a = newRun({ leaseOwner: 'me', leaseUntil: '2099-01-01T00:00:00.000Z' });
      const b = newRun();
      await store.commit([
        {
          runId: a.id,
          create: a,
          actions: [entry('A', [], 'Succeeded', { outputs: { v: 1 } })],
          variables: { n: 2 },
          response: { statusCode: 201, body: { ok: true } },
          finish: { status: 'Succeeded', endTime: '2026-01-01T00:00:05.000Z', outputs: { o: 1 }, error: null },
        },
        { runId: b.id, create: b, wakeAt: '2026-01-02T00:00:00.000Z' },
      ]);
      expect(await store.getRun(a.id)).toMatchObject({
        status: 'Succeeded',
        endTime: '2026-01-01T00:00:05.000Z',
        outputs: { o: 1 },
        error: null,
        response: { statusCode: 201, body: { ok: true } },
        variables: { n: 2 },
      });
      expect((await store.getRun(a.id))?.leaseOwner).toBeUndefined();
      expect((await store.listActions(a.id)).map((e) => e.outputs)).toEqual([{ v: 1 }]);
      expect(await store.getRun(b.id)).toMatchObject({ status: 'Running', wakeAt: '2026-01-02T00:00:00.000Z' });
      const unfinished = await store.listUnfinished(10_000);
      expect(unfinished).toContain(b.id);
      expect(unfinished).not.toContain(a.id);
      expect(await store.claimRun(a.id, 'other', 1000)).toBe(false);
    });

    it('gives a run lease to one owner at a time until it expires or is released', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      const t0 = new Date('2026-01-01T00:00:00.000Z');
      expect(await store.claimRun(run.id, 'p1', 10_000, t0)).toBe(true);
      expect(await store.claimRun(run.id, 'p2', 10_000, new Date(t0.getTime() + 5_000))).toBe(false);
      expect(await store.claimRun(run.id, 'p1', 10_000, new Date(t0.getTime() + 5_000))).toBe(true);
      expect(await store.claimRun(run.id, 'p2', 10_000, new Date(t0.getTime() + 16_000))).toBe(true);
      await store.releaseRun(run.id, 'p2');
      expect(await store.claimRun(run.id, 'p3', 10_000, new Date(t0.getTime() + 16_001))).toBe(true);
      await store.commit([{ runId: run.id, finish: { status: 'Succeeded', endTime: '2026-01-01T00:01:00.000Z' } }]);
      expect(await store.claimRun(run.id, 'p3', 10_000, new Date(t0.getTime() + 17_000))).toBe(false);
      expect(await store.claimRun('missing', 'p3', 10_000)).toBe(false);
    });

    it('lists runs newest first, filtered by workflow and status, with paging', async () => {
      await open();
      const wf = `wf-${Math.random().toString(36).slice(2)}`;
      const runs = [0, 1, 2].map((i) => newRun({ workflowName: wf, startTime: `2026-02-01T00:00:0${i}.000Z` }));
      for (const r of runs) await store.createRun(r);
      await store.commit([{ runId: runs[1].id, finish: { status: 'Failed', endTime: '2026-02-01T00:01:00.000Z', error: { code: 'X', message: 'y' } } }]);
      expect((await store.listRuns({ workflowName: wf })).map((r) => r.id)).toEqual([runs[2].id, runs[1].id, runs[0].id]);
      expect(await store.listRuns({ workflowName: wf, status: 'Failed' })).toEqual([
        { id: runs[1].id, workflowName: wf, status: 'Failed', startTime: runs[1].startTime, endTime: '2026-02-01T00:01:00.000Z', error: { code: 'X', message: 'y' } },
      ]);
      expect((await store.listRuns({ workflowName: wf, before: runs[2].startTime, limit: 1 })).map((r) => r.id)).toEqual([runs[1].id]);
    });

    it('keeps the origin of a run with it and lists runs by workflow id, with offset paging', async () => {
      await open();
      const id = `pb-${Math.random().toString(36).slice(2)}`;
      const a = newRun({ startTime: '2026-03-01T00:00:01.000Z', origin: { workflowId: id, workflowVersion: 2, startedBy: 'request' } });
      const b = newRun({ startTime: '2026-03-01T00:00:02.000Z', origin: { workflowId: id, workflowVersion: 3, startedBy: 'rule:r1' } });
      const other = newRun({ startTime: '2026-03-01T00:00:03.000Z', origin: { workflowId: `${id}-other` } });
      await store.createRun(a);
      await store.commit([{ runId: b.id, create: b }, { runId: other.id, create: other }]);
      expect((await store.getRun(a.id))?.origin).toEqual({ workflowId: id, workflowVersion: 2, startedBy: 'request' });
      expect((await store.getRun(other.id))?.origin).toEqual({ workflowId: `${id}-other` });
      const listed = await store.listRuns({ workflowId: id });
      expect(listed.map((r) => [r.id, r.origin])).toEqual([
        [b.id, { workflowId: id, workflowVersion: 3, startedBy: 'rule:r1' }],
        [a.id, { workflowId: id, workflowVersion: 2, startedBy: 'request' }],
      ]);
      expect((await store.listRuns({ workflowId: id, skip: 1, limit: 5 })).map((r) => r.id)).toEqual([a.id]);
      expect(await store.listRuns({ workflowId: id, skip: 2 })).toEqual([]);
      const plain = newRun();
      await store.createRun(plain);
      expect((await store.getRun(plain.id))?.origin).toBeUndefined();
      expect((await store.listRuns({ workflowName: plain.workflowName, limit: 500 })).find((r) => r.id === plain.id)).not.toHaveProperty('origin');
    });

    it('records the origin of an existing run, and reports a missing run', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      expect(await store.setOrigin(run.id, { workflowId: 'pb-legacy', workflowVersion: 1, startedBy: 'manual:ann' })).toBe(true);
      expect((await store.getRun(run.id))?.origin).toEqual({ workflowId: 'pb-legacy', workflowVersion: 1, startedBy: 'manual:ann' });
      expect((await store.listRuns({ workflowId: 'pb-legacy' })).map((r) => r.id)).toContain(run.id);
      expect(await store.setOrigin('missing', { workflowId: 'x' })).toBe(false);
    });

    it('returns copies: changing what it returned does not change the store', async () => {
      await open();
      const run = newRun();
      await store.createRun(run);
      await store.commit([{ runId: run.id, actions: [entry('A', [], 'Succeeded', { outputs: { v: 1 } })] }]);
      const [a] = await store.listActions(run.id);
      (a.outputs as { v: number }).v = 2;
      expect((await store.listActions(run.id))[0].outputs).toEqual({ v: 1 });
    });
  });
}
