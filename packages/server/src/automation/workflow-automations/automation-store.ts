import type Database from 'better-sqlite3';
import type { WorkflowAutomationProperties } from '../../domain/workflow-automations/index.ts';
import { migrateTables } from '../../playbooks/sqlite-tables.ts';
import { CommittedReadCache } from '../../store/committed-read-cache.ts';
import { StatementCache } from '../../store/statement-cache.ts';

/** A stored Defender for Cloud workflow automation (Microsoft.Security/automations). */
export interface StoredWorkflowAutomation {
  /** The resource name. */
  id: string;
  location?: string;
  tags?: Record<string, string>;
  properties: WorkflowAutomationProperties;
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
  createdBy: string;
}

/** Workflow automations in the server's SQLite file (synchronous; share the store's transaction). */
export class WorkflowAutomationStore {
  private readonly sql: StatementCache;
  // Every alert and assessment event reads the whole list; writes (all through this object) invalidate it.
  private readonly all: CommittedReadCache<StoredWorkflowAutomation[]>;

  constructor(db: Database.Database) {
    this.sql = new StatementCache(db);
    this.all = new CommittedReadCache(db);
    migrateTables(db, 'workflow_automation', [
      {
        version: 1,
        name: 'workflow automations',
        sql: `CREATE TABLE workflow_automations (id TEXT PRIMARY KEY COLLATE NOCASE, created_time_utc TEXT NOT NULL, doc TEXT NOT NULL);`,
      },
    ]);
  }

  upsert(a: StoredWorkflowAutomation): void {
    this.all.invalidate();
    this.sql
      .get('INSERT INTO workflow_automations (id, created_time_utc, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc')
      .run(a.id, a.createdTimeUtc, JSON.stringify(a));
  }

  get(id: string): StoredWorkflowAutomation | undefined {
    const row = this.sql.get('SELECT doc FROM workflow_automations WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as StoredWorkflowAutomation) : undefined;
  }

  list(): StoredWorkflowAutomation[] {
    return this.all.read(() =>
      (this.sql.get('SELECT doc FROM workflow_automations ORDER BY created_time_utc, id').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as StoredWorkflowAutomation),
    );
  }

  delete(id: string): boolean {
    this.all.invalidate();
    return this.sql.get('DELETE FROM workflow_automations WHERE id = ?').run(id).changes === 1;
  }
}
