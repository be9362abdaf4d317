import type Database from 'better-sqlite3';
import type { SecurityStore } from './security-store.ts';

/**
 * The better-sqlite3 database behind the embedded security store, for modules that keep their own
 * tables in the same file (so their writes can share its transactions). Any other store gets an
 * Error with `refusal`, which names the module.
 */
export function sqliteDatabaseOf(store: SecurityStore, refusal: string): Database.Database {
  const db = (store as unknown as { db?: Database.Database }).db;
  if (!db || typeof db.prepare !== 'function') throw new Error(refusal);
  return db;
}
