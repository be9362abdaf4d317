import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SecurityStore } from '../security-store.ts';
import { placeSqliteBeside } from '../sqlite-database-of.ts';

/** The SQLite file in the data directory for the tables that have no PostgreSQL adapter yet. */
export const besidePostgresFile = 'local.db';

/**
 * For a server whose security store is on PostgreSQL: opens `<dataDir>/local.db` (WAL,
 * synchronous=FULL, foreign keys, as the embedded store) and places it beside `store`, so playbooks,
 * automation rules, workflow automations, connections (vault), the change ledger, recovery,
 * approvals, stakeholder policies, change requests and assets keep their tables there
 * (store/postgres/README.md). Durable, but private to this process. The caller closes it after the
 * modules that write to it.
 */
export function openSqliteBesidePostgres(store: SecurityStore, dataDir: string): Database.Database {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, besidePostgresFile));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    db.close();
    throw err;
  }
  placeSqliteBeside(store, db);
  return db;
}
