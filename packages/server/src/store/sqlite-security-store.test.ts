import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { securityStoreConformance } from './security-store-conformance.ts';
import { openSqliteSecurityStore } from './sqlite-security-store.ts';

securityStoreConformance('sqlite (memory)', () => openSqliteSecurityStore({ path: ':memory:' }));

describe('SQLite security store', () => {
  it('keeps data across reopen and migrates once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-store-'));
    try {
      const path = join(dir, 'security.db');
      const first = openSqliteSecurityStore({ path });
      await first.transaction((tx) => tx.insertApiKey({ id: 'k', name: 'n', role: 'admin', hash: 'h', createdAt: 'now', revokedAt: null }));
      await first.close();
      const second = openSqliteSecurityStore({ path });
      expect((await second.getApiKey('k'))?.role).toBe('admin');
      expect(second.db.pragma('journal_mode', { simple: true })).toBe('wal');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers the common alert query from the (severity, status, created) index', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const plan = store.db
      .prepare("EXPLAIN QUERY PLAN SELECT doc FROM alerts WHERE severity = 'high' AND status = 'new' ORDER BY created_date_time DESC LIMIT 50")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('alerts_severity_status_created');
    expect(plan.map((p) => p.detail).join(' ')).not.toContain('TEMP B-TREE');
    await store.close();
  });
});
