/**
 * SQLite tables of the response process (approvals, stakeholder policies and their cadence timers,
 * change requests, asset criticality), as ordered migrations applied once per database and
 * recorded in `response_migrations`. A released migration is never edited; add a new one.
 */
import type Database from 'better-sqlite3';
import type { SecurityStore } from '../store/security-store.ts';
import { sqliteDatabaseOf } from '../store/sqlite-database-of.ts';
import { migrateTables, type TableMigration } from '../store/sqlite-table-migrations.ts';

const migrations: readonly TableMigration[] = [
  {
    version: 1,
    name: 'approvals, stakeholder policies, cadence timers, change requests, assets',
    sql: `
      CREATE TABLE response_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT UNIQUE,
        incident_id TEXT,
        status TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX approvals_pending ON approvals (status, expires_at);
      CREATE INDEX approvals_incident ON approvals (incident_id, created_at);
      CREATE TABLE stakeholder_policies (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE stakeholder_cadence (
        policy_id TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        next_due TEXT NOT NULL,
        PRIMARY KEY (policy_id, incident_id)
      );
      CREATE INDEX stakeholder_cadence_due ON stakeholder_cadence (next_due);
      CREATE TABLE change_requests (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX change_requests_incident ON change_requests (incident_id, created_at);
      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        doc TEXT NOT NULL,
        UNIQUE (kind, key)
      );
    `,
  },
  {
    version: 2,
    name: 'one-off stakeholder notices already sent (SLA breaches)',
    sql: `
      CREATE TABLE stakeholder_sent (
        policy_id TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        what TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (policy_id, incident_id, what)
      );
    `,
  },
  {
    version: 3,
    name: 'pending approvals by incident (the deletion guard counts them from the index alone)',
    sql: `CREATE INDEX approvals_pending_incident ON approvals (incident_id) WHERE status = 'Pending';`,
  },
];

const migrated = new WeakSet<Database.Database>();

/** The better-sqlite3 database behind the SQLite security store, with the response tables in place. */
export function responseDatabaseOf(store: SecurityStore): Database.Database {
  const db = sqliteDatabaseOf(store, 'approvals, stakeholder policies, change requests and assets need the SQLite security store');
  migrateResponseTables(db);
  return db;
}

/** Creates or upgrades the response tables (idempotent). */
export function migrateResponseTables(db: Database.Database): void {
  if (migrated.has(db)) return;
  migrateTables(db, 'response', migrations);
  migrated.add(db);
}
