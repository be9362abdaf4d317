import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateTables, type TableMigration } from '../../store/sqlite-table-migrations.ts';
import { blockBundle, blockList } from './block-lists.ts';
import { indicatorInputSchema } from './indicator.ts';
import type { IndicatorStore, StoredIndicator } from './indicator-store.ts';
import { indicatorMigrations } from './indicator-migrations.ts';
import { restoreIndicator, submitIndicator } from './indicators-connector.ts';
import { insertOldIndicators, oldIndicator } from './old-indicators.test-support.ts';
import { openSqliteIndicatorStore } from './sqlite-indicator-store.ts';

// Indicators as versions before migration 4 stored them: every file hash lower-cased in the key,
// and (from migration 3 on) in the document too.
const ssdeep = '96:s4Ud1Lj96tHHlZDrwciQmA+4uy1I0G4HYuL8N3TzS8QsO/wqWXLcUYhE:+Vx+8tvHruPY4H1I0G4DbHg';
const tlshHex = 'a5b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3';
const now = new Date('2026-12-01T00:00:00Z');

const stored = (id: string, key: string, hash: Record<string, unknown>, reported = '2026-01-01T00:00:00.0000000Z'): StoredIndicator =>
  oldIndicator(id, key, { threatType: 'Malware', lastReportedDateTime: reported, ...hash });

function fileAt(path: string, version: 2 | 3, indicators: StoredIndicator[]): void {
  const db = new Database(path);
  migrateTables(db, 'ti_indicators', indicatorMigrations.filter((m): m is TableMigration => 'sql' in m));
  if (version === 3) db.prepare('INSERT INTO ti_indicators_migrations (version, name, applied_at) VALUES (3, ?, ?)').run('observable values normalized in the documents', '2026-01-01T00:00:00Z');
  insertOldIndicators(db, indicators);
  db.close();
}

const hashInput = (fileHashType: string, fileHashValue: string) => indicatorInputSchema.parse({ action: 'block', expirationDateTime: '2099-01-01T00:00:00Z', fileHashType, fileHashValue });

describe('migration 4: file hashes keep their case where it matters', () => {
  let dir: string;
  let path: string;
  let store: IndicatorStore | undefined;
  let warnings: string[];
  const open = () => (store = openSqliteIndicatorStore({ path, warn: (m) => warnings.push(m) }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-indicators-'));
    path = join(dir, 'ti-indicators.db');
    warnings = [];
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a lower-cased ctph as it is and says its case is lost; the real-case hash posted after is another indicator', async () => {
    const lower = ssdeep.toLowerCase();
    const old = stored('old-ctph', `fileHash:ctph:${lower}`, { fileHashType: 'ctph', fileHashValue: lower });
    const sha = stored('sha', `fileHash:sha256:${'ab'.repeat(32)}`, { fileHashType: 'sha256', fileHashValue: 'ab'.repeat(32) });
    fileAt(path, 3, [old, sha]);
    const s = open();
    expect(await s.get('old-ctph')).toEqual(old);
    expect(await s.get('sha')).toEqual(sha);
    expect(warnings).toEqual([expect.stringMatching(/^indicator old-ctph \(fileHash:ctph:96:s4ud1lj96.*\) is a ctph hash an older version stored in lower case: its original case is lost/)]);

    const { indicator, created } = await submitIndicator(s, hashInput('ctph', ssdeep), now, 'test');
    expect(created).toBe(true);
    expect(indicator).toMatchObject({ key: `fileHash:ctph:${ssdeep}`, fileHashValue: ssdeep });
    expect(indicator.id).not.toBe('old-ctph');
    expect(await s.get('old-ctph')).toEqual(old);
    // The lower-cased spelling still addresses the old one.
    expect((await submitIndicator(s, hashInput('ctph', lower), now, 'test')).indicator.id).toBe('old-ctph');

    const all = await s.list({ activeAt: now });
    expect(blockList(all, 'hash', now).split('\n').filter(Boolean).sort()).toEqual([ssdeep, lower, 'ab'.repeat(32)].sort());
    const ids = blockBundle(all, now).objects.filter((o) => o.type === 'indicator').map((o) => o.id);
    expect(new Set(ids).size).toBe(3);

    // Reported once: reopening says nothing more.
    await s.close();
    warnings = [];
    open();
    expect(warnings).toEqual([]);
  });

  it('moves a TLSH "t1" prefix to "T1" in value and key, keeping the id', async () => {
    fileAt(path, 3, [stored('tlsh', `fileHash:lsHash:t1${tlshHex}`, { fileHashType: 'lsHash', fileHashValue: `t1${tlshHex}` })]);
    const s = open();
    expect(await s.findByKey(`fileHash:lsHash:t1${tlshHex}`)).toBeUndefined();
    expect(await s.findByKey(`fileHash:lsHash:T1${tlshHex}`)).toMatchObject({ id: 'tlsh', fileHashValue: `T1${tlshHex}`, key: `fileHash:lsHash:T1${tlshHex}` });
    expect(warnings).toEqual([]);
    // Posting the hash as TLSH prints it updates that indicator.
    expect((await submitIndicator(s, hashInput('lsHash', `T1${tlshHex.toUpperCase()}`), now, 'test')).indicator.id).toBe('tlsh');
  });

  it('gives a ctph stored as sent (before migration 3) the key of its case', async () => {
    fileAt(path, 2, [stored('as-sent', `fileHash:ctph:${ssdeep.toLowerCase()}`, { fileHashType: 'ctph', fileHashValue: ` ${ssdeep}` })]);
    const s = open();
    expect(await s.findByKey(`fileHash:ctph:${ssdeep}`)).toMatchObject({ id: 'as-sent', fileHashValue: ssdeep });
    expect(warnings).toEqual([]);
    expect((await s.query({ where: 'file_hash_value = ?', params: [ssdeep], orderBy: 'rowid', top: 10, skip: 0 })).items.map((i) => i.id)).toEqual(['as-sent']);
  });

  it('reports, and exports once, an indicator whose new key another already holds', async () => {
    fileAt(path, 3, [
      stored('legacy', `fileHash:lsHash:t1${tlshHex}`, { fileHashType: 'lsHash', fileHashValue: `t1${tlshHex}` }),
      stored('newer', `fileHash:lsHash:T1${tlshHex}`, { fileHashType: 'lsHash', fileHashValue: `T1${tlshHex}` }, '2026-06-01T00:00:00.0000000Z'),
    ]);
    const s = open();
    expect(warnings).toEqual([expect.stringMatching(/^indicator legacy .*which indicator newer holds/)]);
    expect((await s.get('legacy'))?.key).toBe(`fileHash:lsHash:t1${tlshHex}`);
    const all = await s.list({ activeAt: now });
    expect(blockList(all, 'hash', now)).toBe(`T1${tlshHex}\n`);
    const indicators = blockBundle(all, now).objects.filter((o) => o.type === 'indicator');
    expect(indicators).toHaveLength(1);
    expect(indicators[0]).toMatchObject({ modified: '2026-06-01T00:00:00.000Z' });
  });
});

describe('restoring a ctph before-state recorded with a lower-cased key', () => {
  it('puts it back under the key of its case, or under its own key when another indicator holds that one', async () => {
    const store = openSqliteIndicatorStore({ path: ':memory:' });
    try {
      const lowerKey = `fileHash:ctph:${ssdeep.toLowerCase()}`;
      const before = stored('recorded', lowerKey, { fileHashType: 'ctph', fileHashValue: ssdeep });
      await restoreIndicator(store, lowerKey, before);
      expect(await store.findByKey(`fileHash:ctph:${ssdeep}`)).toMatchObject({ id: 'recorded', fileHashValue: ssdeep });

      await store.delete('recorded');
      const posted = (await submitIndicator(store, hashInput('ctph', ssdeep), now, 'test')).indicator;
      await restoreIndicator(store, lowerKey, before);
      expect(await store.get(posted.id)).toEqual(posted);
      expect(await store.findByKey(lowerKey)).toMatchObject({ id: 'recorded', fileHashValue: ssdeep });
    } finally {
      await store.close();
    }
  });
});
