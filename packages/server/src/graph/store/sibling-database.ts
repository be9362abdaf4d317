import { dirname, join } from 'node:path';
import type { SecurityStore } from '../../store/security-store.ts';
import { SqliteSecurityStore } from '../../store/sqlite-security-store.ts';

/** A database file beside the security store's file, or ":memory:" when the store has none. */
export function siblingDatabasePath(store: SecurityStore, fileName: string): string {
  if (store instanceof SqliteSecurityStore) {
    const file = store.db.name;
    if (file && file !== ':memory:' && !store.db.memory) return join(dirname(file), fileName);
  }
  return ':memory:';
}
