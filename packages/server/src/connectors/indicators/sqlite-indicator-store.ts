import Database from 'better-sqlite3';
import type { IndicatorQuery, IndicatorStore, StoredIndicator } from './indicator-store.ts';
import { formatTimestamp } from '../../common/timestamp.ts';
import { migrateIndicatorTables } from './indicator-migrations.ts';

// The indicator table is this connector's own; it is migrated here rather than in the security
// store's migrations so the connector can run against any SQLite file (or its own).

interface Row {
  doc: string;
}

/** The SELECT that answers an IndicatorQuery's page; `LIMIT ? OFFSET ?` follow its parameters. */
export function indicatorPageSql(query: Pick<IndicatorQuery, 'where' | 'orderBy'>): string {
  return `SELECT doc FROM ti_indicators${whereClause(query)} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`;
}

/**
 * How many indicators an IndicatorQuery matches. A statement of its own rather than a window over the
 * page: `COUNT(*) OVER ()` would read every matching document and sort them, where this one only
 * walks an index.
 */
export function indicatorCountSql(query: Pick<IndicatorQuery, 'where'>): string {
  return `SELECT COUNT(*) AS n FROM ti_indicators${whereClause(query)}`;
}

function whereClause(query: Pick<IndicatorQuery, 'where'>): string {
  return query.where ? ` WHERE ${query.where}` : '';
}

export interface SqliteIndicatorStoreOptions {
  /**
   * Told once per indicator a migration had to leave as it was (its stored value no longer
   * validates, or it is a ctph hash stored lower-cased). Default: a process warning (code RIPOSTE_INDICATOR_UNNORMALIZED), so the server log shows it.
   */
  warn?: (message: string) => void;
}

const warnProcess = (message: string): void => process.emitWarning(message, { code: 'RIPOSTE_INDICATOR_UNNORMALIZED' });

/** An IndicatorStore on SQLite: a path, ':memory:', or an open better-sqlite3 database. */
export function openSqliteIndicatorStore(options: ({ path: string } | { db: Database.Database }) & SqliteIndicatorStoreOptions): IndicatorStore {
  const owned = 'path' in options;
  const db = owned ? new Database(options.path) : options.db;
  if (owned) db.pragma('journal_mode = WAL');
  const migrated = migrateIndicatorTables(db);
  const warn = options.warn ?? warnProcess;
  for (const { id, key, problem } of migrated.unnormalized) {
    warn(`indicator ${id} (${key}) was left as stored: its value could not be normalized (${problem}); until it is deleted or submitted again, the exported lists leave it out if its value does not validate, or show its observable once`);
  }
  for (const { id, key } of migrated.caseLost) {
    warn(`indicator ${id} (${key}) is a ctph hash an older version stored in lower case: its original case is lost and it is exported as stored; submit the hash again in its real case (a new indicator) and delete this one`);
  }
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
  // Compiled queries repeat (a client pages, a firewall polls): keep their statements, within bounds.
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 200) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

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
    async query(query) {
      // One read transaction: another connection to the file cannot write between the page and its count.
      return db.transaction(() => {
        const rows = prepare(indicatorPageSql(query)).all(...query.params, query.top, query.skip) as Row[];
        const items = rows.map((r) => JSON.parse(r.doc) as StoredIndicator);
        if (!query.count) return { items };
        const { n } = prepare(indicatorCountSql(query)).get(...query.params) as { n: number };
        return { items, total: n };
      })();
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async close() {
      if (owned) db.close();
    },
  };
}
