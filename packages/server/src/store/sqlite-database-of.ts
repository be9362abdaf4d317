import type Database from 'better-sqlite3';
import type { SecurityStore } from './security-store.ts';

// Stores without a SQLite file of their own (PostgreSQL), and the SQLite database placed beside each.
const besideStores = new WeakMap<SecurityStore, Database.Database>();

/**
 * Gives a security store that is not SQLite (PostgreSQL) a SQLite database for the modules whose
 * tables have no adapter for that store yet (playbooks, rules, automations, ledger, approvals, vault):
 * sqliteDatabaseOf answers it for that store. Durable, but private to the process that opened it.
 */
export function placeSqliteBeside(store: SecurityStore, db: Database.Database): void {
  besideStores.set(store, db);
}

/**
 * The better-sqlite3 database behind the embedded security store, for modules that keep their own
 * tables in the same file (so their writes can share its transactions), or the one placed beside a
 * store of another kind (placeSqliteBeside). Any other store gets an Error with `refusal`, which
 * names the module.
 */
export function sqliteDatabaseOf(store: SecurityStore, refusal: string): Database.Database {
  const db = (store as unknown as { db?: Database.Database }).db;
  if (db && typeof db.prepare === 'function') return db;
  const beside = besideStores.get(store);
  if (beside) return beside;
  throw new Error(refusal);
}
