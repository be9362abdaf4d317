import type Database from 'better-sqlite3';
import type { SecurityStore } from '../store/security-store.ts';
import { sqliteDatabaseOf } from '../store/sqlite-database-of.ts';

// The runner lives with the store, whose run journal migrates through it too.
export { migrateTables, type TableMigration } from '../store/sqlite-table-migrations.ts';

/**
 * The better-sqlite3 database behind the server's SQLite store. Playbooks, rules and automations
 * keep their tables in the same file, so their writes can share the store's transaction (and its
 * audit entries).
 */
export function databaseOf(store: SecurityStore): Database.Database {
  return sqliteDatabaseOf(store, 'playbooks, automation rules and workflow automations need the SQLite security store');
}
