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
    // The default listing order (newest first, insertion order among equals) needs no sort either.
    for (const sql of [
      "SELECT doc FROM alerts WHERE severity = 'high' AND status = 'new' ORDER BY created_date_time DESC, rowid DESC LIMIT 50",
      'SELECT doc FROM alerts ORDER BY created_date_time DESC, rowid DESC LIMIT 50',
      "SELECT doc FROM incidents WHERE status = 'New' ORDER BY created_time_utc DESC, rowid DESC LIMIT 50",
    ]) {
      const details = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
      expect(details, sql).not.toContain('TEMP B-TREE');
    }
    await store.close();
  });
});

describe('SQLite security store: incidents kept parsed between reads', () => {
  const draft = async () => {
    const { incidentFromAlert } = await import('../incidents/incident-from-alert.ts');
    const { stampAlert } = await import('../alerts/alert-intake.ts');
    const { defaultSlaPolicy } = await import('../incidents/sla.ts');
    const alert = stampAlert({ title: 'a', providerAlertId: 'p' }, { id: 'a1', now: '2026-01-01T00:00:00.0000000Z' });
    return incidentFromAlert(alert, [], { id: 'i1', now: '2026-01-01T00:00:00.0000000Z' }, defaultSlaPolicy);
  };

  it('answers the stored row, never a write that was rolled back or replaced behind its back', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const created = await store.transaction(async (tx) => tx.insertIncident(await draft()));
    const read = (await store.getIncident('i1'))!;
    expect(read).toEqual(created);
    await expect(
      store.transaction(async (tx) => {
        await tx.updateIncident({ ...read, title: 'rolled back' });
        expect((await tx.getIncident('i1'))!.title).toBe('rolled back');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await store.getIncident('i1'))!.title).toBe('a');
    // A write that does not go through this store object (another connection, a migration).
    const doc = JSON.stringify({ ...read, title: 'written elsewhere' });
    store.db.prepare('UPDATE incidents SET title = ?, doc = ? WHERE id = ?').run('written elsewhere', doc, 'i1');
    expect((await store.getIncident('i1'))!.title).toBe('written elsewhere');
    await store.close();
  });

  it('hands out frozen incidents, so a caller that changes one fails instead of changing the next read', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    await store.transaction(async (tx) => tx.insertIncident(await draft()));
    const read = (await store.getIncident('i1'))!;
    expect(() => {
      (read as { title: string }).title = 'changed';
    }).toThrow(TypeError);
    expect(() => (read.labels as unknown[]).push({ labelName: 'x', labelType: 'User' })).toThrow(TypeError);
    expect((await store.getIncident('i1'))!.title).toBe('a');
    await store.close();
  });
});

describe('OData over the SQLite alerts table', () => {
  it('compiles a Graph filter to SQL over the alert columns and answers it', async () => {
    const { parseFilter, compileFilter, parseOrderBy, compileOrderBy } = await import('../domain/odata/index.ts');
    const { alertSqlSchema } = await import('./alert-sql-schema.ts');
    const { stampAlert } = await import('../alerts/alert-intake.ts');
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const mk = (n: number, severity: 'high' | 'low', ip: string) =>
      stampAlert(
        { title: `a${n}`, severity, providerAlertId: `p${n}`, evidence: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: ip }] as never },
        { id: `id${n}`, now: `2026-01-0${n}T00:00:00.0000000Z` },
      );
    await store.transaction(async (tx) => {
      for (const a of [mk(1, 'high', '1.1.1.1'), mk(2, 'low', '1.1.1.1'), mk(3, 'high', '2.2.2.2')]) await tx.insertAlert(a);
    });
    const where = compileFilter(parseFilter("severity eq 'high' and status eq 'new'"), alertSqlSchema, 'sqlite');
    const order = compileOrderBy(parseOrderBy('createdDateTime desc'), alertSqlSchema, 'sqlite').replace(/^ORDER BY /, '');
    expect((await store.queryAlerts({ where: where.sql, params: where.params, orderBy: order }, { top: 50, skip: 0 })).items.map((a) => a.id)).toEqual(['id3', 'id1']);
    const any = compileFilter(parseFilter("evidence/any(e: e/ipAddress eq '1.1.1.1')"), alertSqlSchema, 'sqlite');
    expect((await store.queryAlerts({ where: any.sql, params: any.params }, { top: 50, skip: 0, count: true })).total).toBe(2);
    await store.close();
  });
});

describe('SQLite group commit', () => {
  const key = (id: string) => ({ id, name: id, role: 'reader' as const, hash: 'h', createdAt: 'now', revokedAt: null });

  it('commits concurrent transactions together; one that throws is undone alone and the others see earlier writes', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const seen: string[] = [];
    const results = await Promise.allSettled([
      store.transaction((tx) => tx.insertApiKey(key('a'))),
      store.transaction(async (tx) => {
        await tx.insertApiKey(key('b'));
        throw new Error('refused');
      }),
      store.transaction(async (tx) => {
        seen.push(...(await tx.listApiKeys()).map((k) => k.id));
        await tx.insertApiKey(key('c'));
        return 'c';
      }),
      // Fails inside SQLite (duplicate key): only its own writes go.
      store.transaction(async (tx) => {
        await tx.insertApiKey(key('d'));
        await tx.insertApiKey(key('a'));
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(results[2]).toMatchObject({ value: 'c' });
    expect(seen).toEqual(['a']);
    expect((await store.listApiKeys()).map((k) => k.id)).toEqual(['a', 'c']);
    expect(store.db.inTransaction).toBe(false);
    await store.close();
  });

  it('settles every transaction and closes cleanly under a burst', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const all = Array.from({ length: 150 }, (_, i) => store.transaction((tx) => tx.insertApiKey(key(`k${i}`))));
    const closed = store.close();
    await Promise.all(all);
    await closed;
    expect(store.db.open).toBe(false);
  });
});
