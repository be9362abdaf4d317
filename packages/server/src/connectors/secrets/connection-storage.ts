/** Where sealed connections are kept: a port, with a memory and a SQLite implementation. */
import type Database from 'better-sqlite3';

export interface StoredConnection {
  name: string;
  api: string;
  /** Names of settings that are credentials (names only; values are inside `sealed`). */
  secretKeys: string[];
  /** The sealed settings JSON (see sealed-box.ts). */
  sealed: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionStorage {
  load(name: string): Promise<StoredConnection | undefined>;
  save(name: string, record: StoredConnection): Promise<void>;
  list(): Promise<StoredConnection[]>;
  remove(name: string): Promise<boolean>;
}

export class MemoryConnectionStorage implements ConnectionStorage {
  readonly #rows = new Map<string, StoredConnection>();
  async load(name: string) {
    const r = this.#rows.get(name);
    return r ? { ...r, secretKeys: [...r.secretKeys] } : undefined;
  }
  async save(name: string, record: StoredConnection) {
    this.#rows.set(name, { ...record, secretKeys: [...record.secretKeys] });
  }
  async list() {
    return [...this.#rows.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  async remove(name: string) {
    return this.#rows.delete(name);
  }
}

interface Row {
  name: string;
  api: string;
  secret_keys: string;
  sealed: string;
  created_at: string;
  updated_at: string;
}

/** Sealed connections in a `connections` table of a better-sqlite3 database. */
export class SqliteConnectionStorage implements ConnectionStorage {
  readonly #db: Database.Database;
  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS connections (
      name TEXT PRIMARY KEY,
      api TEXT NOT NULL,
      secret_keys TEXT NOT NULL,
      sealed TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
  }
  async load(name: string) {
    const row = this.#db.prepare('SELECT * FROM connections WHERE name = ?').get(name) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }
  async save(name: string, r: StoredConnection) {
    this.#db
      .prepare(
        `INSERT INTO connections (name, api, secret_keys, sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET api = excluded.api, secret_keys = excluded.secret_keys, sealed = excluded.sealed, updated_at = excluded.updated_at`,
      )
      .run(name, r.api, JSON.stringify(r.secretKeys), r.sealed, r.createdAt, r.updatedAt);
  }
  async list() {
    return (this.#db.prepare('SELECT * FROM connections ORDER BY name').all() as Row[]).map(fromRow);
  }
  async remove(name: string) {
    return this.#db.prepare('DELETE FROM connections WHERE name = ?').run(name).changes > 0;
  }
}

function fromRow(row: Row): StoredConnection {
  return { name: row.name, api: row.api, secretKeys: JSON.parse(row.secret_keys) as string[], sealed: row.sealed, createdAt: row.created_at, updatedAt: row.updated_at };
}
