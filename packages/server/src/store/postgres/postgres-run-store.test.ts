import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runStoreConformance } from '@riposte/engine/run-store-conformance';
import type { NewRun } from '@riposte/engine';
import { openPostgresRunStore, type PostgresRunStore } from './postgres-run-store.ts';
import { PostgresStoreError } from './postgres-connection.ts';
import { testConnection, testSchema } from './test-database.test-support.ts';

const schema = testSchema();
const open = () => openPostgresRunStore({ connection: testConnection, schema });

runStoreConformance('postgres', open);

let n = 0;
function queued(overrides: Partial<NewRun> = {}): NewRun {
  n++;
  return {
    id: `q-${n}-${Math.random().toString(36).slice(2, 8)}`,
    workflowName: 'wf',
    definition: { actions: { B: { type: 'Compose', inputs: 2 }, A: { type: 'Compose', inputs: 1 } } },
    trigger: { name: 'manual', outputs: { body: { n } }, startTime: '2026-01-01T00:00:00.000Z' },
    parameters: {},
    startTime: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    ...overrides,
  };
}

/** Runs with `tag` in their workflow name, so tests sharing the schema do not see each other's runs. */
async function claimTagged(store: PostgresRunStore, owner: string, at: Date, tag: string): Promise<string[]> {
  const ids = await store.claimReady(owner, 10_000, { now: at, limit: 1000 });
  const mine: string[] = [];
  for (const id of ids) if ((await store.getRun(id))?.workflowName === tag) mine.push(id);
  return mine;
}

describe('PostgresRunStore across processes', () => {
  it('keeps the key order of a definition snapshot (documents are json, not jsonb)', async () => {
    const store = await open();
    try {
      const run = queued();
      await store.createRun(run);
      expect(Object.keys((await store.getRun(run.id))!.definition.actions!)).toEqual(['B', 'A']);
    } finally {
      await store.close();
    }
  });

  it('hands each free run to one owner, and a crashed owner’s runs to another once the lease expired', async () => {
    const a = await open();
    const b = await open();
    try {
      const tag = 'lease-expiry';
      const runs = [queued({ workflowName: tag }), queued({ workflowName: tag }), queued({ workflowName: tag })];
      for (const r of runs) await a.createRun(r);
      const t0 = new Date('2030-01-01T00:00:00.000Z');
      const first = await claimTagged(a, 'worker-a', t0, tag);
      expect(first.sort()).toEqual(runs.map((r) => r.id).sort());
      expect(await claimTagged(b, 'worker-b', new Date(t0.getTime() + 5_000), tag)).toEqual([]);
      // worker-a never renews (it crashed): after 10 s its runs are free again.
      expect((await claimTagged(b, 'worker-b', new Date(t0.getTime() + 10_001), tag)).sort()).toEqual(first.sort());
      expect((await b.getRun(runs[0].id))?.leaseOwner).toBe('worker-b');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('skips a run another transaction has locked instead of waiting for it', async () => {
    const store = await open();
    const holder = new pg.Client({ connectionString: testConnection, options: `-c search_path=${schema}` });
    await holder.connect();
    try {
      const tag = 'skip-locked';
      const locked = queued({ workflowName: tag });
      const free = queued({ workflowName: tag });
      await store.createRun(locked);
      await store.createRun(free);
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM runs WHERE id = $1 FOR UPDATE', [locked.id]);
      expect(await claimTagged(store, 'w', new Date('2030-01-01T00:00:00.000Z'), tag)).toEqual([free.id]);
      await holder.query('ROLLBACK');
      expect(await claimTagged(store, 'w2', new Date('2030-01-01T00:00:00.000Z'), tag)).toEqual([locked.id]);
    } finally {
      await holder.end();
      await store.close();
    }
  });

  it('takes a run waiting on a timer only when the timer is near', async () => {
    const store = await open();
    try {
      const tag = 'timer';
      const run = queued({ workflowName: tag });
      await store.createRun(run);
      await store.commit([{ runId: run.id, wakeAt: '2030-01-01T01:00:00.000Z' }]);
      const at = (iso: string) => store.claimReady('w', 10_000, { now: new Date(iso), limit: 1000, horizonMs: 60_000 });
      expect(await at('2030-01-01T00:30:00.000Z')).not.toContain(run.id);
      expect(await at('2030-01-01T00:59:30.000Z')).toContain(run.id);
    } finally {
      await store.close();
    }
  });

  it('notifies listeners in other processes when a run nobody holds is enqueued or released', async () => {
    const producer = await open();
    const consumer = await open();
    try {
      const heard: string[] = [];
      let wake: () => void = () => {};
      const stop = await consumer.onRunReady((id) => {
        heard.push(id);
        wake();
      });
      const waitFor = (id: string) => new Promise<void>((resolve) => {
        wake = () => heard.includes(id) && resolve();
        wake();
      });
      const leased = queued({ leaseOwner: 'p', leaseUntil: '2999-01-01T00:00:00.000Z' });
      await producer.createRun(leased);
      const free = queued();
      await producer.createRun(free);
      await waitFor(free.id);
      expect(heard).not.toContain(leased.id);
      await producer.releaseRun(leased.id, 'p');
      await waitFor(leased.id);
      await stop();
    } finally {
      await producer.close();
      await consumer.close();
    }
  });

  it('fails with a message naming the server when PostgreSQL cannot be reached', async () => {
    await expect(openPostgresRunStore({ connection: 'postgres://postgres@127.0.0.1:1/none', schema })).rejects.toThrow(
      expect.objectContaining({ code: 'Unreachable', message: expect.stringContaining('cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/none') }),
    );
    await expect(openPostgresRunStore({ connection: testConnection, schema: 'Bad-Name' })).rejects.toBeInstanceOf(PostgresStoreError);
  });
});
