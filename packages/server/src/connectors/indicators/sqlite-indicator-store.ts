import Database from 'better-sqlite3';
import type { IndicatorStore, StoredIndicator } from './indicator-store.ts';
import { formatTimestamp } from '../../common/timestamp.ts';

// The indicator table is this connector's own; it is created here rather than in the security
// store's migrations so the connector can run against any SQLite file (or its own).
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ti_indicators (
    id TEXT PRIMARY KEY,
    observable_key TEXT NOT NULL UNIQUE,
    action TEXT NOT NULL,
    expiration_date_time TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    ingested_date_time TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ti_indicators_expiration ON ti_indicators (expiration_date_time);
`;

interface Row {
  doc: string;
}

/** An IndicatorStore on SQLite: a path, ':memory:', or an open better-sqlite3 database. */
export function openSqliteIndicatorStore(options: { path: string } | { db: Database.Database }): IndicatorStore {
  const owned = 'path' in options;
  const db = owned ? new Database(options.path) : options.db;
  if (owned) db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const upsert = db.prepare(
    `INSERT INTO ti_indicators (id, observable_key, action, expiration_date_time, is_active, ingested_date_time, doc)
     VALUES (@id, @key, @action, @expiration, @active, @ingested, @doc)
     ON CONFLICT (id) DO UPDATE SET observable_key = excluded.observable_key, action = excluded.action,
       expiration_date_time = excluded.expiration_date_time, is_active = excluded.is_active,
       ingested_date_time = excluded.ingested_date_time, doc = excluded.doc`,
  );
  const byId = db.prepare<[string], Row>('SELECT doc FROM ti_indicators WHERE id = ?');
  const byKey = db.prepare<[string], Row>('SELECT doc FROM ti_indicators WHERE observable_key = ?');
  const all = db.prepare<[], Row>('SELECT doc FROM ti_indicators ORDER BY ingested_date_time, id');
  const active = db.prepare<[string], Row>('SELECT doc FROM ti_indicators WHERE is_active = 1 AND expiration_date_time > ? ORDER BY ingested_date_time, id');
  const remove = db.prepare<[string]>('DELETE FROM ti_indicators WHERE id = ?');
  const parse = (row: Row | undefined): StoredIndicator | undefined => (row ? (JSON.parse(row.doc) as StoredIndicator) : undefined);

  return {
    async put(indicator) {
      upsert.run({
        id: indicator.id,
        key: indicator.key,
        action: indicator.action,
        // Normalized timestamps (seven fractional digits, UTC) compare correctly as text.
        expiration: indicator.expirationDateTime,
        active: indicator.isActive === false ? 0 : 1,
        ingested: indicator.ingestedDateTime,
        doc: JSON.stringify(indicator),
      });
    },
    async get(id) {
      return parse(byId.get(id));
    },
    async findByKey(key) {
      return parse(byKey.get(key));
    },
    async list(options = {}) {
      const rows = options.activeAt ? active.all(formatTimestamp(options.activeAt)) : all.all();
      return rows.map((r) => JSON.parse(r.doc) as StoredIndicator);
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async close() {
      if (owned) db.close();
    },
  };
}
