import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newSecretKey } from '../connectors/secrets/secret-key.ts';
import { isSealed, ParameterSeal } from './parameter-seal.ts';
import { PlaybookStore, type Playbook, type PlaybookVersion } from './playbook-store.ts';
import { openVersion } from './sealed-version.ts';
import { fileDatabase, storedBytes } from '../testing/data-files.ts';

const seal = new ParameterSeal({ key: newSecretKey(), previousKeys: [] });

const at = '2026-01-01T00:00:00.000Z';
const playbook = (id: string, name: string, enabled = true): Playbook => ({
  id, name, enabled, version: 1, triggerKind: 'request', createdTimeUtc: at, lastModifiedTimeUtc: at, createdBy: 'test',
});
const version = (playbookId: string, n: number, marker: string): PlaybookVersion => ({
  playbookId, version: n, definition: { actions: {}, triggers: {}, contentVersion: marker } as unknown as PlaybookVersion['definition'],
  parameters: {}, connections: [], format: 'definition', triggerKind: 'request', missingOperations: [], notRunnable: [], createdTimeUtc: at, createdBy: 'test',
});

describe('PlaybookStore reads kept between writes', () => {
  it('lists and finds what was written, in name order, after every kind of write', () => {
    const store = new PlaybookStore(new Database(':memory:'), seal);
    store.insert(playbook('b', 'Beta'), version('b', 1, 'b1'));
    expect(store.list().map((p) => p.name)).toEqual(['Beta']);
    store.insert(playbook('a', 'alpha', false), version('a', 1, 'a1'));
    expect(store.list().map((p) => p.name)).toEqual(['alpha', 'Beta']);
    expect(store.list({ enabledOnly: true }).map((p) => p.id)).toEqual(['b']);
    store.update({ ...playbook('a', 'alpha'), version: 2 });
    expect(store.get('a')).toMatchObject({ enabled: true, version: 2 });
    store.delete('b');
    expect(store.get('b')).toBeUndefined();
    expect(store.list().map((p) => p.id)).toEqual(['a']);
  });

  it('forgets what a rolled-back transaction wrote', () => {
    const db = new Database(':memory:');
    const store = new PlaybookStore(db, seal);
    store.insert(playbook('a', 'alpha'), version('a', 1, 'a1'));
    expect(store.getVersion('a', 2)).toBeUndefined();
    expect(() =>
      db.transaction(() => {
        store.insertVersion(version('a', 2, 'rolled back'));
        store.update({ ...playbook('a', 'alpha'), version: 2 });
        expect(store.get('a')?.version).toBe(2);
        expect(store.getVersion('a', 2)?.definition.contentVersion).toBe('rolled back');
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(store.get('a')?.version).toBe(1);
    expect(store.getVersion('a', 2)).toBeUndefined();
    store.insertVersion(version('a', 2, 'kept'));
    expect(store.getVersion('a', 2)?.definition.contentVersion).toBe('kept');
  });
});

const CANARY = 'Pb-Canary+5e0f9a/77=Secure';
const DEFAULT_CANARY = 'Default-Canary-0b9d41c2';

/** A version declaring a SecureString (value given) and a SecureObject (default only). */
const secureVersion = (playbookId: string, n: number): PlaybookVersion => ({
  ...version(playbookId, n, 'secure'),
  definition: {
    triggers: {},
    actions: {},
    parameters: { apiKey: { type: 'SecureString' }, login: { type: 'SecureObject', defaultValue: { user: 'soc', password: DEFAULT_CANARY } }, region: { type: 'String' } },
  } as unknown as PlaybookVersion['definition'],
  parameters: { apiKey: CANARY, region: 'eu' },
});

describe('PlaybookStore keeps secure parameter values sealed', () => {
  it('stores a new version with its secure values and secure defaults sealed; they open for a run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-pb-'));
    const db = fileDatabase(dir);
    const store = new PlaybookStore(db, seal);
    store.insert(playbook('p', 'Secure'), secureVersion('p', 1));
    const stored = store.getVersion('p', 1)!;
    expect(isSealed(stored.parameters.apiKey)).toBe(true);
    expect(stored.parameters.region).toBe('eu');
    expect(isSealed(stored.definition.parameters!.login!.defaultValue)).toBe(true);
    const opened = openVersion(stored, seal);
    expect(opened.parameters).toEqual({ apiKey: CANARY, region: 'eu' });
    expect(opened.definition.parameters!.login!.defaultValue).toEqual({ user: 'soc', password: DEFAULT_CANARY });
    expect(storedBytes(dir)).not.toContain(CANARY);
    expect(storedBytes(dir)).not.toContain(DEFAULT_CANARY);
    db.close();
    expect(storedBytes(dir)).not.toContain(CANARY);
  });

  it('seals versions an older server wrote in clear when it opens, leaving none of the clear bytes in the files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-pb-'));
    const old = fileDatabase(dir);
    new PlaybookStore(old, seal).insert(playbook('p', 'Legacy'), version('p', 1, 'plain'));
    // What the previous server wrote: the version document as it is, values in clear.
    const insertClear = old.prepare('INSERT INTO playbook_versions (playbook_id, version, doc) VALUES (?, ?, ?)');
    insertClear.run('p', 2, JSON.stringify(secureVersion('p', 2)));
    old.pragma('wal_checkpoint(TRUNCATE)');
    // A large document: the clear values sit on overflow pages.
    const large = secureVersion('p', 3);
    insertClear.run('p', 3, JSON.stringify({ ...large, definition: { ...large.definition, description: 'padding '.repeat(4000) } }));
    old.close();
    expect(storedBytes(dir)).toContain(CANARY);

    const db = fileDatabase(dir);
    const store = new PlaybookStore(db, seal);
    expect(storedBytes(dir)).not.toContain(CANARY);
    expect(storedBytes(dir)).not.toContain(DEFAULT_CANARY);
    for (const n of [2, 3]) {
      const v = store.getVersion('p', n)!;
      expect(isSealed(v.parameters.apiKey)).toBe(true);
      expect(openVersion(v, seal).parameters.apiKey).toBe(CANARY);
      expect(openVersion(v, seal).definition.parameters!.login!.defaultValue).toEqual({ user: 'soc', password: DEFAULT_CANARY });
    }
    expect(store.getVersion('p', 1)?.definition.contentVersion).toBe('plain');
    expect(store.sealVersions()).toBe(0);
    db.close();
    expect(storedBytes(dir)).not.toContain(CANARY);
  });

  it('seals again with the new key after a rotation, and still opens when the old key is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-pb-'));
    const oldKey = newSecretKey();
    const newKey = newSecretKey();
    const db = fileDatabase(dir);
    new PlaybookStore(db, new ParameterSeal({ key: oldKey, previousKeys: [] })).insert(playbook('p', 'Rotated'), secureVersion('p', 1));
    // Without the old key the store still opens; the version is left as it is and cannot run.
    const lacking = new ParameterSeal({ key: newKey, previousKeys: [] });
    const stale = new PlaybookStore(db, lacking).getVersion('p', 1)!;
    expect(() => openVersion(stale, lacking)).toThrow(`sealed with key ${oldKey.id}, which is not loaded`);

    const rotating = new ParameterSeal({ key: newKey, previousKeys: [oldKey] });
    const store = new PlaybookStore(db, rotating);
    const resealed = store.getVersion('p', 1)!;
    expect((resealed.parameters.apiKey as { $sealed: string }).$sealed.split('.')[1]).toBe(newKey.id);
    expect(rotating.isCurrent(resealed.definition.parameters!.login!.defaultValue)).toBe(true);
    expect(store.sealVersions()).toBe(0);
    const after = new PlaybookStore(db, lacking).getVersion('p', 1)!;
    expect(openVersion(after, lacking).parameters.apiKey).toBe(CANARY);
    db.close();
  });

  it('refuses to open a sealed value moved onto another version', () => {
    const store = new PlaybookStore(new Database(':memory:'), seal);
    store.insert(playbook('p', 'Secure'), secureVersion('p', 1));
    const moved = { ...store.getVersion('p', 1)!, version: 2 };
    expect(() => openVersion(moved, seal)).toThrow(/playbook p v2 \/parameters\/apiKey: does not decrypt/);
  });
});
