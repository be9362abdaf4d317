import type Database from 'better-sqlite3';
import type { AutomationRule, AutomationRuleProperties } from '../../domain/automation-rules/index.ts';
import { migrateTables } from '../../playbooks/sqlite-tables.ts';
import { CommittedReadCache } from '../../store/committed-read-cache.ts';
import { StatementCache } from '../../store/statement-cache.ts';

/** A stored Sentinel automation rule: the resource name (id) and its validated properties. */
export interface StoredAutomationRule extends AutomationRule {
  properties: AutomationRuleProperties;
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
  createdBy: string;
}

/** Automation rules in the server's SQLite file (synchronous; share the store's transaction). */
export class AutomationRuleStore {
  private readonly sql: StatementCache;
  // Every alert and incident event reads the whole list; writes (all through this object) invalidate it.
  private readonly all: CommittedReadCache<StoredAutomationRule[]>;

  constructor(db: Database.Database) {
    this.sql = new StatementCache(db);
    this.all = new CommittedReadCache(db);
    migrateTables(db, 'automation_rule', [
      {
        version: 1,
        name: 'automation rules',
        sql: `CREATE TABLE automation_rules (
                id TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                rule_order INTEGER NOT NULL,
                created_time_utc TEXT NOT NULL,
                doc TEXT NOT NULL
              );
              CREATE INDEX automation_rules_order ON automation_rules (rule_order, created_time_utc);`,
      },
    ]);
  }

  upsert(rule: StoredAutomationRule): void {
    this.all.invalidate();
    this.sql
      .get(
        `INSERT INTO automation_rules (id, display_name, rule_order, created_time_utc, doc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, rule_order = excluded.rule_order, doc = excluded.doc`,
      )
      .run(rule.id, rule.properties.displayName, rule.properties.order, rule.createdTimeUtc, JSON.stringify(rule));
  }

  get(id: string): StoredAutomationRule | undefined {
    const row = this.sql.get('SELECT doc FROM automation_rules WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as StoredAutomationRule) : undefined;
  }

  list(): StoredAutomationRule[] {
    return this.all.read(() =>
      (this.sql.get('SELECT doc FROM automation_rules ORDER BY rule_order, created_time_utc, id').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as StoredAutomationRule),
    );
  }

  delete(id: string): boolean {
    this.all.invalidate();
    return this.sql.get('DELETE FROM automation_rules WHERE id = ?').run(id).changes === 1;
  }
}
