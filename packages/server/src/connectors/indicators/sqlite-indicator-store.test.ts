import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IndicatorStore, StoredIndicator } from './indicator-store.ts';
import { openSqliteIndicatorStore } from './sqlite-indicator-store.ts';

// ti-indicators.db as the store made it before its migrations were recorded (3b253d6 and earlier).
const tableBeforeMigrations = `
  CREATE TABLE IF NOT EXISTS ti_indicators (
    id TEXT PRIMARY KEY,
    observable_key TEXT NOT NULL UNIQUE,
    action TEXT NOT NULL,
    expiration_date_time TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    ingested_date_time TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ti_indicators_expiration ON ti_indicators (expiration_date_time);
`;

const indicator = (n: number, fields: Partial<StoredIndicator> = {}): StoredIndicator => ({
  id: `id-${n}`,
  key: `ipv4:198.51.100.${n}`,
  action: 'block',
  description: '',
  expirationDateTime: '2099-01-01T00:00:00.0000000Z',
  targetProduct: 'Riposte',
  threatType: 'C2',
  tlpLevel: 'red',
  severity: n % 6,
  networkIPv4: `198.51.100.${n}`,
  ingestedDateTime: `2026-01-01T00:00:${String(n).padStart(2, '0')}.0000000Z`,
  lastReportedDateTime: `2026-01-01T00:00:${String(n).padStart(2, '0')}.0000000Z`,
  ...fields,
});

describe('the SQLite indicator store', () => {
  let dir: string;
  let store: IndicatorStore | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-indicators-'));
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a file made before migrations: its indicators gain the queryable columns and indexes', async () => {
    const path = join(dir, 'ti-indicators.db');
    const old = new Database(path);
    old.exec(tableBeforeMigrations);
    const before = indicator(7, { threatType: 'Phishing', confidence: 40 });
    old
      .prepare('INSERT INTO ti_indicators VALUES (?, ?, ?, ?, 1, ?, ?)')
      .run(before.id, before.key, before.action, before.expirationDateTime, before.ingestedDateTime, JSON.stringify(before));
    old.close();

    store = openSqliteIndicatorStore({ path });
    const found = await store.query({ where: '(threat_type = ?) AND (network_ipv4 = ?) AND (confidence = ?)', params: ['Phishing', '198.51.100.7', 40], orderBy: 'rowid', top: 10, skip: 0, count: true });
    expect(found).toEqual({ items: [before], total: 1 });
    await store.close();

    // Reopening applies nothing twice (adding a column again would throw).
    store = openSqliteIndicatorStore({ path });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT version, name FROM ti_indicators_migrations ORDER BY version').all()).toEqual([
        { version: 1, name: 'ti_indicators' },
        { version: 2, name: 'queryable columns and their indexes' },
        { version: 3, name: 'observable values normalized in the documents' },
        { version: 4, name: 'file hashes keep their case where it matters' },
      ]);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ti_indicators'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining([
        'ti_indicators_action_ingested', 'ti_indicators_threat_type_ingested', 'ti_indicators_target_product_ingested', 'ti_indicators_tlp_level_ingested',
        'ti_indicators_expiration', 'ti_indicators_last_reported_date_time', 'ti_indicators_network_ipv4', 'ti_indicators_domain_name', 'ti_indicators_url',
        'ti_indicators_file_hash_value',
      ]));
    } finally {
      db.close();
    }
  });

  it('keeps the queryable columns in step with the document on every write', async () => {
    store = openSqliteIndicatorStore({ path: ':memory:' });
    await store.put(indicator(1));
    await store.put(indicator(1, { threatType: 'Malware', severity: 5 }));
    const byThreat = (threat: string) => store!.query({ where: '(threat_type = ?)', params: [threat], orderBy: 'rowid', top: 10, skip: 0 });
    expect((await byThreat('C2')).items).toEqual([]);
    expect((await byThreat('Malware')).items.map((i) => i.severity)).toEqual([5]);
    await store.delete('id-1');
    expect((await byThreat('Malware')).items).toEqual([]);
  });

  it('answers a page in the given order with the count of every match, also past the end', async () => {
    store = openSqliteIndicatorStore({ path: ':memory:' });
    for (let n = 1; n <= 12; n++) await store.put(indicator(n));
    const page = (skip: number) => store!.query({ where: '(severity >= ?)', params: [3], orderBy: 'severity DESC, rowid ASC', top: 3, skip, count: true });
    const first = await page(0);
    expect([first.items.map((i) => i.id), first.total]).toEqual([['id-5', 'id-11', 'id-4'], 6]);
    expect((await page(3)).items.map((i) => i.id)).toEqual(['id-10', 'id-3', 'id-9']);
    expect(await page(6)).toEqual({ items: [], total: 6 });
    const all = await store.query({ where: '', params: [], orderBy: 'ingested_date_time, rowid', top: 100, skip: 0 });
    expect([all.items.length, all.total]).toEqual([12, undefined]);
  });
});
