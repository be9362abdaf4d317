import type Database from 'better-sqlite3';
import type { ConnectorResponse } from '@riposte/engine';
import { databaseOf, migrateTables } from '../../playbooks/sqlite-tables.ts';
import type { SecurityStore } from '../../store/security-store.ts';

/**
 * Responses of non-idempotent operations (adding a comment or a task) by the engine's idempotency
 * key (run, action path, iteration — the same across retries and after a restart), so a retried or
 * resumed action answers with what it did the first time instead of adding a second comment.
 */
export class IdempotencyLedger {
  private constructor(private readonly db: Database.Database) {
    migrateTables(db, 'connector_idempotency', [
      { version: 1, name: 'responses by idempotency key', sql: 'CREATE TABLE connector_idempotency (key TEXT PRIMARY KEY, operation TEXT NOT NULL, response TEXT NOT NULL, at TEXT NOT NULL);' },
    ]);
  }

  /** The ledger in the security store's SQLite file, or none for other stores (operations then run every time). */
  static of(store: SecurityStore): IdempotencyLedger | undefined {
    try {
      return new IdempotencyLedger(databaseOf(store));
    } catch {
      return undefined;
    }
  }

  /** Runs `work` once per key; later calls with the key get the recorded response. */
  async once(key: string, operation: string, work: () => Promise<ConnectorResponse>): Promise<ConnectorResponse> {
    const done = this.db.prepare('SELECT response FROM connector_idempotency WHERE key = ? AND operation = ?').get(key, operation) as { response: string } | undefined;
    if (done) return JSON.parse(done.response) as ConnectorResponse;
    const response = await work();
    if (response.statusCode < 300) {
      this.db.prepare('INSERT OR IGNORE INTO connector_idempotency (key, operation, response, at) VALUES (?, ?, ?, ?)').run(key, operation, JSON.stringify(response), new Date().toISOString());
    }
    return response;
  }
}
