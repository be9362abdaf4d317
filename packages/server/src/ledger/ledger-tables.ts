/**
 * SQLite schema of the change ledger and of recovery plans, as ordered migrations applied once
 * per database (recorded in `ledger_migrations`). A migration is never edited once released.
 */
import type Database from 'better-sqlite3';
import type { SecurityStore } from '../store/security-store.ts';
import { sqliteDatabaseOf } from '../store/sqlite-database-of.ts';
import { migrateTables, type TableMigration } from '../store/sqlite-table-migrations.ts';

const migrations: readonly TableMigration[] = [
  {
    version: 1,
    name: 'change ledger, run to incident links',
    sql: `
      CREATE TABLE change_ledger (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        incident_id TEXT,
        idempotency_key TEXT NOT NULL UNIQUE,
        resource_kind TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX change_ledger_incident ON change_ledger (incident_id, seq);
      CREATE TABLE ledger_run_incidents (
        run_id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'recovery plans and steps',
    sql: `
      CREATE TABLE recovery_plans (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX recovery_plans_incident ON recovery_plans (incident_id, created_at);
      CREATE INDEX recovery_plans_status ON recovery_plans (status);
      CREATE TABLE recovery_steps (
        plan_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (plan_id, position)
      );
    `,
  },
];

/** The better-sqlite3 database behind the server's SQLite security store (ledger writes share it). */
export function ledgerDatabaseOf(store: SecurityStore): Database.Database {
  return sqliteDatabaseOf(store, 'the change ledger needs the SQLite security store');
}

/** Creates or upgrades the ledger and recovery tables. */
export function migrateLedgerTables(db: Database.Database): void {
  migrateTables(db, 'ledger', migrations);
}
