/**
 * Schema of the run journal on SQLite, as ordered migrations (never edited once released; a change
 * is a new entry). Definitions are stored once per distinct content and shared by their runs.
 */
export interface RunStoreMigration {
  version: number;
  name: string;
  sql: string;
}

export const runStoreMigrations: readonly RunStoreMigration[] = [
  {
    version: 1,
    name: 'runs, run actions, definition snapshots',
    sql: `
      CREATE TABLE run_definitions (
        hash TEXT PRIMARY KEY,
        body TEXT NOT NULL
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        definition_hash TEXT NOT NULL REFERENCES run_definitions (hash),
        trigger TEXT NOT NULL,
        parameters TEXT NOT NULL,
        status TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT,
        outputs TEXT,
        error TEXT,
        response TEXT,
        variables TEXT,
        wake_at TEXT,
        parent_run_id TEXT,
        lease_owner TEXT,
        lease_until TEXT
      );
      CREATE INDEX runs_unfinished ON runs (start_time) WHERE status = 'Running';
      CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
      CREATE TABLE run_actions (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        entry_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        status TEXT NOT NULL,
        UNIQUE (run_id, entry_key)
      );
    `,
  },
  {
    version: 2,
    name: 'run lists by workflow',
    sql: `
      CREATE INDEX runs_workflow_start ON runs (workflow_name, start_time);
      CREATE INDEX runs_start ON runs (start_time);
    `,
  },
  {
    version: 3,
    name: 'run origin: the stored workflow (playbook) and version a run executes, who started it',
    sql: `
      ALTER TABLE runs ADD COLUMN workflow_id TEXT;
      ALTER TABLE runs ADD COLUMN workflow_version INTEGER;
      ALTER TABLE runs ADD COLUMN started_by TEXT;
      CREATE INDEX runs_workflow_id_start ON runs (workflow_id, start_time) WHERE workflow_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'action entries of a run journaled whole in one commit kept in its row; no index by workflow name',
    sql: `
      ALTER TABLE runs ADD COLUMN actions TEXT;
      DROP INDEX runs_workflow_start;
    `,
  },
];
