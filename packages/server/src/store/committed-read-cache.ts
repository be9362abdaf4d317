import type Database from 'better-sqlite3';
import { deepFreeze } from './deep-freeze.ts';

/**
 * One value read from SQLite (e.g. the list of automation rules read on every event), kept until its
 * store writes and calls `invalidate()`. Only committed state is kept: a read made while the
 * connection is inside a transaction may see writes that are later rolled back, so it is returned
 * but not kept. Values are deep-frozen, so a caller that changes one fails loudly instead of
 * changing what the next caller reads.
 */
export class CommittedReadCache<T> {
  private value: T | undefined;
  private held = false;

  constructor(private readonly db: Database.Database) {}

  /** The kept value, or `load()` (kept when read outside a transaction). */
  read(load: () => T): T {
    if (this.held) return this.value as T;
    const value = deepFreeze(load());
    if (!this.db.inTransaction) {
      this.value = value;
      this.held = true;
    }
    return value;
  }

  /** Forgets the value; call on every write to what it was read from. */
  invalidate(): void {
    this.value = undefined;
    this.held = false;
  }
}
