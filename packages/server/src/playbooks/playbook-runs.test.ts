import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../store/run-store-sqlite.ts';
import { adoptLegacyRunLinks, linkOf } from './playbook-runs.ts';

const run = (id: string) => ({
  id,
  workflowName: 'wf',
  definition: { actions: {} },
  trigger: { name: 'manual', outputs: { body: null }, startTime: '2026-01-01T00:00:00.000Z' },
  parameters: {},
  startTime: '2026-01-01T00:00:00.000Z',
});

describe('run links', () => {
  it('moves the links of an older data folder into the run journal once, and drops the old table', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE playbook_runs (run_id TEXT PRIMARY KEY, playbook_id TEXT NOT NULL, version INTEGER NOT NULL, started_by TEXT NOT NULL, start_time TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO playbook_runs VALUES (?, ?, ?, ?, ?)');
    insert.run('r1', 'pb-a', 2, 'request', '2026-01-01T00:00:00.000Z');
    insert.run('r-gone', 'pb-a', 1, 'manual:ann', '2026-01-01T00:00:00.000Z');
    const runs = new SqliteRunStore({ path: ':memory:' });
    await runs.createRun(run('r1'));
    await runs.createRun(run('r2'));

    expect(await adoptLegacyRunLinks(db, runs)).toBe(1);
    expect(linkOf((await runs.getRun('r1'))!)).toEqual({ runId: 'r1', playbookId: 'pb-a', version: 2, startedBy: 'request', startTime: '2026-01-01T00:00:00.000Z' });
    expect(linkOf((await runs.getRun('r2'))!)).toBeUndefined();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'playbook_runs'").get()).toBeUndefined();
    expect(await adoptLegacyRunLinks(db, runs)).toBe(0);
    await runs.close();
  });
});
