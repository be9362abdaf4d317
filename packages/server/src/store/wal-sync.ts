/**
 * Makes a SQLite write-ahead log durable without blocking the event loop.
 *
 * With `synchronous=FULL` SQLite fsyncs the WAL inside COMMIT, on the calling thread: better-sqlite3
 * is synchronous, so the whole process waits for the disk (for small commits most of the time is
 * that wait). The group commit instead commits with `synchronous=NORMAL` — frames are written to
 * the WAL with write(), and SQLite still syncs around checkpoints, so the database can never be
 * corrupted — and then calls `sync()`, which fsyncs the WAL file on libuv's thread pool. A
 * transaction is acknowledged only when that fsync, started after its COMMIT, has returned: the
 * same guarantee as FULL (an acknowledged write survives power loss), while the event loop runs
 * the next group's SQL during the fsync, and commits that land during one fsync share the next.
 */
import { fsync, open, close } from 'node:fs';

export type FsyncFile = (path: string) => Promise<void>;

/** Error of a COMMIT that was written but could not be made durable. */
export class WalSyncError extends Error {
  override readonly name = 'WalSyncError';
}

/** fsync of a file by path through a descriptor kept open (fsync works on any descriptor of the file). */
export function fileSyncer(): { fsync: FsyncFile; close(): void } {
  let fd: number | undefined;
  let openedPath: string | undefined;
  const withFd = (path: string): Promise<number | undefined> =>
    fd !== undefined && openedPath === path
      ? Promise.resolve(fd)
      : new Promise((resolve, reject) =>
          open(path, 'r', (err, opened) => {
            // No WAL file (nothing written yet, or an in-memory database): nothing to make durable.
            if (err) return err.code === 'ENOENT' ? resolve(undefined) : reject(err);
            fd = opened;
            openedPath = path;
            resolve(opened);
          }),
        );
  return {
    async fsync(path) {
      const descriptor = await withFd(path);
      if (descriptor === undefined) return;
      await new Promise<void>((resolve, reject) => fsync(descriptor, (err) => (err ? reject(err) : resolve())));
    },
    close() {
      if (fd !== undefined) close(fd, () => {});
      fd = undefined;
    },
  };
}

export class WalSync {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly walPath: string,
    private readonly fsyncFile: FsyncFile,
  ) {}

  /** Resolves once everything written to the WAL before this call is on disk; rejects with WalSyncError if the fsync failed. */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.fsyncNow().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // The running fsync may have started before the caller's write: join the one that starts after it.
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.sync();
      });
    return this.queued;
  }

  private async fsyncNow(): Promise<void> {
    try {
      await this.fsyncFile(this.walPath);
    } catch (err) {
      throw new WalSyncError(`the commit was written but could not be made durable: fsync of the write-ahead log failed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
}
