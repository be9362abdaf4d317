import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateTables, type TableMigration } from '../../store/sqlite-table-migrations.ts';
import { blockBundle, blockList } from './block-lists.ts';
import type { IndicatorStore, StoredIndicator } from './indicator-store.ts';
import { indicatorMigrations } from './indicator-migrations.ts';
import { restoreIndicator } from './indicators-connector.ts';
import { insertOldIndicators, oldIndicator } from './old-indicators.test-support.ts';
import { openSqliteIndicatorStore } from './sqlite-indicator-store.ts';

const upperHash = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';

// Documents as earlier versions stored them: the observable as the caller sent it, the key normalized.
const stored = (id: string, key: string, observable: Record<string, unknown>): StoredIndicator =>
  oldIndicator(id, key, { ingestedDateTime: `2026-01-01T00:00:0${id.length % 10}.0000000Z`, ...observable });

const oldIndicators: StoredIndicator[] = [
  stored('domain', 'domain:evil.example', { domainName: 'EVIL.example.' }),
  stored('hash', `fileHash:sha256:${upperHash.toLowerCase()}`, { fileHashType: 'sha256', fileHashValue: ` ${upperHash}` }),
  stored('ipv6', 'ipv6:2001:db8::1', { networkIPv6: '2001:DB8:0000::0001', url: '' }),
  stored('ipv4', 'ipv4:198.51.100.7', { networkIPv4: '198.51.100.7' }),
  // Accepted by an older version, refused now (whitespace inside, an IPv6 zone index).
  stored('spaced', 'domain:bad domain.example', { domainName: 'Bad Domain.example' }),
  stored('zoned', 'ipv6:fe80::1%eth0', { networkIPv6: 'FE80::1%eth0' }),
];

describe('migration 3: observable values normalized in stored indicators', () => {
  let dir: string;
  let path: string;
  let store: IndicatorStore | undefined;
  let warnings: string[];
  const open = () => openSqliteIndicatorStore({ path, warn: (m) => warnings.push(m) });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-indicators-'));
    path = join(dir, 'ti-indicators.db');
    warnings = [];
    // A file at migration 2: the version before this one.
    const old = new Database(path);
    migrateTables(old, 'ti_indicators', indicatorMigrations.filter((m): m is TableMigration => 'sql' in m));
    insertOldIndicators(old, oldIndicators);
    old.close();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites non-normalized values so reads, $filter columns and exports show them normalized', async () => {
    store = open();
    expect(await store.get('domain')).toMatchObject({ domainName: 'evil.example', key: 'domain:evil.example' });
    expect((await store.get('hash'))?.fileHashValue).toBe(upperHash.toLowerCase());
    const ipv6 = await store.get('ipv6');
    expect(ipv6?.networkIPv6).toBe('2001:db8::1');
    expect(ipv6).not.toHaveProperty('url');
    expect(await store.get('ipv4')).toEqual(oldIndicators[3]);

    const where = async (sql: string, value: string) => (await store!.query({ where: sql, params: [value], orderBy: 'rowid', top: 10, skip: 0 })).items.map((i) => i.id);
    expect(await where('domain_name = ?', 'evil.example')).toEqual(['domain']);
    expect(await where('file_hash_value = ?', upperHash.toLowerCase())).toEqual(['hash']);
    expect(await where('network_ipv6 = ?', '2001:db8::1')).toEqual(['ipv6']);
  });

  it('leaves an indicator whose value no longer validates as it was, warns once naming it, and keeps exporting the rest', async () => {
    store = open();
    expect(await store.get('spaced')).toEqual(oldIndicators[4]);
    expect(await store.get('zoned')).toEqual(oldIndicators[5]);
    expect(warnings).toHaveLength(2);
    expect(warnings.find((w) => w.includes('spaced'))).toMatch(/domain:bad domain\.example.*\/domainName: must not contain whitespace/);
    expect(warnings.find((w) => w.includes('zoned'))).toMatch(/\/networkIPv6: .*zone index/);

    const now = new Date('2026-12-01T00:00:00Z');
    const all = await store.list({ activeAt: now });
    expect(all).toHaveLength(6);
    expect(blockList(all, 'domain', now)).toBe('evil.example\n');
    expect(blockList(all, 'ip', now)).toBe('198.51.100.7\n2001:db8::1\n');
    expect(blockBundle(all, now).objects.filter((o) => o.type === 'indicator')).toHaveLength(4);
    await store.close();

    // Applied once: reopening rewrites and warns about nothing again.
    warnings = [];
    store = open();
    expect(warnings).toEqual([]);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT version FROM ti_indicators_migrations ORDER BY version').all()).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
    } finally {
      db.close();
    }
  });

  it('also runs on a file made before migrations were recorded', async () => {
    rmSync(path);
    const old = new Database(path);
    old.exec(indicatorMigrations.find((m): m is TableMigration => m.version === 1 && 'sql' in m)!.sql);
    insertOldIndicators(old, oldIndicators.slice(0, 1));
    old.close();
    store = open();
    const found = await store.query({ where: 'domain_name = ?', params: ['evil.example'], orderBy: 'rowid', top: 10, skip: 0 });
    expect(found.items.map((i) => i.id)).toEqual(['domain']);
  });
});

describe('restoring a before-state recorded by an older version', () => {
  it('puts the indicator back with its value normalized, or as recorded when it no longer validates', async () => {
    const store = openSqliteIndicatorStore({ path: ':memory:' });
    try {
      await restoreIndicator(store, 'domain:evil.example', oldIndicators[0]!);
      expect((await store.findByKey('domain:evil.example'))?.domainName).toBe('evil.example');
      await restoreIndicator(store, 'domain:bad domain.example', oldIndicators[4]!);
      expect(await store.findByKey('domain:bad domain.example')).toEqual(oldIndicators[4]);
    } finally {
      await store.close();
    }
  });
});
