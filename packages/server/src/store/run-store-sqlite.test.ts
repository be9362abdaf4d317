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

  it('keeps the entries of a run journaled whole in one commit in its row, and the others as rows', async () => {
    const path = join(dir, 'inline.db');
    const s = new SqliteRunStore({ path });
    const trigger = { name: 'manual', outputs: {}, startTime: '2026-01-01T00:00:00.000Z' };
    const run = (id: string) => ({ id, workflowName: 'wf', definition: { actions: {} }, trigger, parameters: {}, startTime: '2026-01-01T00:00:00.000Z' });
    const entry = (path: string) => ({ path, iteration: [], name: path, type: 'Compose', status: 'Succeeded' as const, outputs: path });
    await s.commit([{ runId: 'whole', create: run('whole'), actions: [entry('A'), entry('B')], finish: { status: 'Succeeded', endTime: '2026-01-01T00:00:01.000Z' } }]);
    await s.commit([{ runId: 'parts', create: run('parts'), actions: [entry('A')] }]);
    await s.commit([{ runId: 'parts', actions: [entry('B')], finish: { status: 'Succeeded', endTime: '2026-01-01T00:00:01.000Z' } }]);
    expect((await s.listActions('whole')).map((e) => e.outputs)).toEqual(['A', 'B']);
    expect((await s.listActions('parts')).map((e) => e.outputs)).toEqual(['A', 'B']);
    expect(await s.listActions('missing')).toEqual([]);
    await s.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT run_id, count(*) AS n FROM run_actions GROUP BY run_id').all()).toEqual([{ run_id: 'parts', n: 2 }]);
    db.close();
  });

  it('migrates a journal of the previous schema: its runs and entries read back, new runs use the row form', async () => {
    const path = join(dir, 'migrate.db');
    const Database = (await import('better-sqlite3')).default;
    const { runStoreMigrations } = await import('./run-store-sqlite-migrations.ts');
    const { migrateTables } = await import('./sqlite-table-migrations.ts');
    const old = new Database(path);
    migrateTables(old, 'run_store', runStoreMigrations.filter((m) => m.version <= 3));
    old.exec(`INSERT INTO run_definitions VALUES ('h', '{}');
      INSERT INTO runs (id, workflow_name, definition_hash, trigger, parameters, status, start_time) VALUES ('old', 'wf', 'h', '{}', '{}', 'Succeeded', '2026-01-01T00:00:00.000Z');
      INSERT INTO run_actions (run_id, entry_key, doc, status) VALUES ('old', 'A', '{"path":"A","iteration":[],"name":"A","type":"Compose","status":"Succeeded"}', 'Succeeded');`);
    old.close();
    const s = new SqliteRunStore({ path });
    expect((await s.listActions('old')).map((e) => e.name)).toEqual(['A']);
    expect((await s.listRuns({ workflowName: 'wf' })).map((r) => r.id)).toEqual(['old']);
    await s.close();
  });
});
