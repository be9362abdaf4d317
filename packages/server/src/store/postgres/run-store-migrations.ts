import type { PostgresMigration } from './postgres-connection.ts';

/**
 * Schema of the run journal on PostgreSQL, as ordered migrations (never edited once released; a
 * change is a new entry). Same tables as on SQLite (run-store-sqlite-migrations.ts), with two
 * differences: documents are `json`, not `jsonb`, because jsonb reorders object keys and a workflow
 * definition's key order is what the run saw; `seq` keeps first-write order where SQLite has rowid.
 * Timestamps stay ISO text, so leases and timers compare the same way on both adapters.
 */
export const postgresRunStoreMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'runs, run actions, definition snapshots',
    sql: `
      CREATE TABLE run_definitions (
        hash TEXT PRIMARY KEY,
        body JSON NOT NULL
      );
      CREATE TABLE runs (
        seq BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        definition_hash TEXT NOT NULL REFERENCES run_definitions (hash),
        trigger JSON NOT NULL,
        parameters JSON NOT NULL,
        status TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT,
        outputs JSON,
        error JSON,
        response JSON,
        variables JSON,
        wake_at TEXT,
        parent_run_id TEXT,
        lease_owner TEXT,
        lease_until TEXT
      );
      CREATE INDEX runs_unfinished ON runs (start_time, id) WHERE status = 'Running';
      CREATE INDEX runs_workflow_start ON runs (workflow_name, start_time);
      CREATE INDEX runs_start ON runs (start_time);
      CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
      CREATE TABLE run_actions (
        seq BIGSERIAL PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        entry_key TEXT NOT NULL,
        status TEXT NOT NULL,
        doc JSON NOT NULL,
        UNIQUE (run_id, entry_key)
      );
    `,
  },
  {
    version: 2,
    name: 'run origin: the stored workflow (playbook) and version a run executes, who started it',
    sql: `
      ALTER TABLE runs ADD COLUMN workflow_id TEXT;
      ALTER TABLE runs ADD COLUMN workflow_version INTEGER;
      ALTER TABLE runs ADD COLUMN started_by TEXT;
      CREATE INDEX runs_workflow_id_start ON runs (workflow_id, start_time) WHERE workflow_id IS NOT NULL;
    `,
  },
];
