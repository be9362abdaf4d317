import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteSecurityStore } from './sqlite-security-store.ts';
import type { AuditEntry } from './security-store.ts';
import { WalSyncError } from './wal-sync.ts';

const dir = mkdtempSync(join(tmpdir(), 'riposte-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string): AuditEntry => ({ id, at: '2026-01-01T00:00:00.000Z', actor: 'test', entityType: 't', entityId: id, action: 'create', before: null, after: { id } });

function heldFsync() {
  const calls: Array<{ path: string; resolve(): void; reject(err: Error): void }> = [];
  return { calls, fsync: (path: string) => new Promise<void>((resolve, reject) => calls.push({ path, resolve, reject })) };
}

const state = async (p: Promise<unknown>) => {
  let s = 'pending';
  p.then(() => (s = 'resolved'), () => (s = 'rejected'));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return s;
};

describe('SQLite group commit with the write-ahead log fsynced off the event loop', () => {
  it('acknowledges a transaction only after an fsync of the WAL, while the next transaction already runs', async () => {
    const path = join(dir, 'held.db');
    const { calls, fsync } = heldFsync();
    const store = openSqliteSecurityStore({ path, fsyncFile: fsync });
    const first = store.transaction((tx) => tx.appendAudit([entry('a1')]));
    expect(await state(first)).toBe('pending');
    expect(calls.map((c) => c.path)).toEqual([`${path}-wal`]);
    // Committed (visible to the next transaction) though not yet acknowledged.
    const second = store.transaction(async (tx) => (await tx.listAudit({ top: 10 })).map((e) => e.id));
    expect(await state(second)).toBe('pending');
    expect(calls).toHaveLength(1); // the second waits for an fsync that starts after its COMMIT
    calls[0]!.resolve();
    expect(await state(first)).toBe('resolved');
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    expect(await second).toEqual(['a1']);
    // The connection is back at FULL for whoever writes through it directly.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
  });

  it('rejects a transaction whose commit could not be made durable, naming why', async () => {
    const { calls, fsync } = heldFsync();
    const store = openSqliteSecurityStore({ path: join(dir, 'failing.db'), fsyncFile: fsync });
    const tx = store.transaction((t) => t.appendAudit([entry('b1')]));
    await state(tx);
    calls[0]!.reject(Object.assign(new Error('I/O error'), { code: 'EIO' }));
    await expect(tx).rejects.toBeInstanceOf(WalSyncError);
    await expect(tx).rejects.toThrow(/could not be made durable.*EIO/);
    await store.close();
  });

  it('commits for real with the default fsync: data is there after reopening', async () => {
    const path = join(dir, 'real.db');
    const store = openSqliteSecurityStore({ path });
    await Promise.all([store.transaction((t) => t.appendAudit([entry('c1')])), store.transaction((t) => t.appendAudit([entry('c2')]))]);
    await store.close();
    const again = openSqliteSecurityStore({ path });
    expect((await again.listAudit({ top: 10 })).map((e) => e.id).sort()).toEqual(['c1', 'c2']);
    await again.close();
  });
});
