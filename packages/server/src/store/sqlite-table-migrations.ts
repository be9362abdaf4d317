import type Database from 'better-sqlite3';

/** One additive schema step of a module's own tables. Never edited once released. */
export interface TableMigration {
  version: number;
  name: string;
  sql: string;
}

/** Applies a module's migrations in order, each in a transaction, recorded in `<scope>_migrations`. */
export function migrateTables(db: Database.Database, scope: string, migrations: readonly TableMigration[]): void {
  if (!/^[a-z_]+$/.test(scope)) throw new Error(`bad migration scope ${scope}`);
  db.exec(`CREATE TABLE IF NOT EXISTS ${scope}_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set((db.prepare(`SELECT version FROM ${scope}_migrations`).all() as { version: number }[]).map((r) => r.version));
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare(`INSERT INTO ${scope}_migrations (version, name, applied_at) VALUES (?, ?, ?)`).run(m.version, m.name, new Date().toISOString());
    })();
  }
}
