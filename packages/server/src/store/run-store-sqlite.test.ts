import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from '@riposte/engine/run-store-conformance';
import { SqliteRunStore } from './run-store-sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'riposte-runstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreConformance('sqlite', () => new SqliteRunStore({ path: ':memory:' }));

describe('SqliteRunStore on disk', () => {
  it('keeps runs and entries across reopening the file', async () => {
    const path = join(dir, 'reopen.db');
    const a = new SqliteRunStore({ path });
    const definition = { actions: { A: { type: 'Compose', inputs: 1 } } };
    await a.createRun({ id: 'r1', workflowName: 'wf', definition, trigger: { name: 'manual', outputs: {}, startTime: '2026-01-01T00:00:00.000Z' }, parameters: {}, startTime: '2026-01-01T00:00:00.000Z' });
    await a.commit([{ runId: 'r1', actions: [{ path: 'A', iteration: [], name: 'A', type: 'Compose', status: 'Succeeded', outputs: 1 }] }]);
    await a.close();
    const b = new SqliteRunStore({ path });
    expect(await b.listUnfinished()).toEqual(['r1']);
    expect((await b.getRun('r1'))?.definition).toEqual(definition);
    expect(await b.listActions('r1')).toHaveLength(1);
    await b.close();
  });

  it('works on a database opened by someone else and leaves it open', async () => {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(':memory:');
    const s = new SqliteRunStore({ database: db });
    await s.createRun({ id: 'r', workflowName: 'wf', definition: {}, trigger: { name: 'manual', outputs: {}, startTime: '2026-01-01T00:00:00.000Z' }, parameters: {}, startTime: '2026-01-01T00:00:00.000Z' });
    await s.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    db.close();
  });

  it('stores a definition shared by many runs once', async () => {
    const path = join(dir, 'shared.db');
    const s = new SqliteRunStore({ path });
    const definition = { actions: {} };
    for (const id of ['x', 'y', 'z']) {
      await s.createRun({ id, workflowName: 'wf', definition, trigger: { name: 'manual', outputs: {}, startTime: '2026-01-01T00:00:00.000Z' }, parameters: {}, startTime: '2026-01-01T00:00:00.000Z' });
    }
    await s.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM run_definitions').pluck().get()).toBe(1);
    db.close();
  });
});
