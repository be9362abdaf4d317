import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, it } from 'vitest';
import { openSqliteSecurityStore, SqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { TestApp } from '../app/test-app.ts';
import { expectListReadsConstant, incidentListApp } from './incident-list.test-support.ts';

describe('GET /api/incidents on SQLite', () => {
  let t: TestApp | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'riposte-incident-list-'));
  afterEach(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a page of incidents in the same number of statements for 3 incidents as for 20, showing each as one-by-one reads do', async () => {
    // A store on a connection that reports every statement it runs (better-sqlite3's `verbose`).
    const path = join(dir, 'riposte.db');
    await openSqliteSecurityStore({ path, durability: 'normal' }).close();
    let statements = 0;
    const store = new SqliteSecurityStore(new Database(path, { verbose: () => void statements++ }));
    t = await incidentListApp(store);
    await expectListReadsConstant(t, () => statements);
  });
});
