import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PlaybookStore, type Playbook, type PlaybookVersion } from './playbook-store.ts';

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
    const store = new PlaybookStore(new Database(':memory:'));
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
    const store = new PlaybookStore(db);
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
