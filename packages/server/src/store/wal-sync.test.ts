import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSyncer, WalSync, WalSyncError } from './wal-sync.ts';

/** An fsync the test finishes by hand, counting calls. */
function heldFsync() {
  const calls: Array<{ resolve(): void; reject(err: Error): void }> = [];
  const fsync = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { fsync, calls };
}

const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((r) => setImmediate(r));
  return state;
};

const dir = mkdtempSync(join(tmpdir(), 'riposte-walsync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WalSync', () => {
  it('resolves a caller only after an fsync that started after its call', async () => {
    const { fsync, calls } = heldFsync();
    const wal = new WalSync('x-wal', fsync);
    const first = wal.sync();
    const second = wal.sync(); // arrives while the first fsync runs: it may not cover this write
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    expect(await settled(first)).toBe('resolved');
    expect(await settled(second)).toBe('pending');
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    expect(await settled(second)).toBe('resolved');
  });

  it('lets every caller that arrives during one fsync share the next', async () => {
    const { fsync, calls } = heldFsync();
    const wal = new WalSync('x-wal', fsync);
    const waiting = [wal.sync(), wal.sync(), wal.sync(), wal.sync()];
    calls[0]!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    await Promise.all(waiting);
    expect(calls).toHaveLength(2);
  });

  it('rejects the callers of a failed fsync with a typed error, and recovers for later ones', async () => {
    const { fsync, calls } = heldFsync();
    const wal = new WalSync('x-wal', fsync);
    const failed = wal.sync();
    calls[0]!.reject(Object.assign(new Error('I/O error'), { code: 'EIO' }));
    await expect(failed).rejects.toBeInstanceOf(WalSyncError);
    await expect(failed).rejects.toThrow(/could not be made durable.*EIO/);
    const later = wal.sync();
    calls[1]!.resolve();
    await expect(later).resolves.toBeUndefined();
  });

  it('fsyncs a real file, and treats a missing write-ahead log as nothing to sync', async () => {
    const syncer = fileSyncer();
    const path = join(dir, 'db-wal');
    await expect(syncer.fsync(path)).resolves.toBeUndefined();
    writeFileSync(path, 'frames');
    await expect(syncer.fsync(path)).resolves.toBeUndefined();
    await expect(syncer.fsync(path)).resolves.toBeUndefined();
    syncer.close();
  });
});
