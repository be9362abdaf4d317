import type Database from 'better-sqlite3';
import type { Incident } from '../../incidents/incident-schema.ts';
import type { Page, SecurityStore, SqlFilter } from '../../store/security-store.ts';
import { SqliteSecurityStore } from '../../store/sqlite-security-store.ts';
import { PostgresSecurityStore } from '../../store/postgres-security-store.ts';
import { GraphError } from '../graph-error.ts';

/** Incidents matching a compiled `$filter`/`$orderby` (the security store has no such query yet). */
export interface IncidentQuery {
  queryIncidents(filter: SqlFilter, page: { top: number; skip: number; count?: boolean }): Page<Incident> | Promise<Page<Incident>>;
}

/**
 * Reads the incidents table through the embedded store's own connection (read-only, so it never
 * interleaves writes with the store's transactions). Other stores answer 501 until they offer it.
 */
export function incidentQueryFor(store: SecurityStore): IncidentQuery {
  if (store instanceof PostgresSecurityStore) return new PostgresIncidentQuery(store);
  if (!(store instanceof SqliteSecurityStore)) {
    return {
      queryIncidents: () => {
        throw new GraphError(501, 'NotImplemented', 'Filtering incidents is available on the embedded SQLite store only.');
      },
    };
  }
  return new SqliteIncidentQuery(store.db);
}

class SqliteIncidentQuery implements IncidentQuery {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  queryIncidents(filter: SqlFilter, page: { top: number; skip: number; count?: boolean }): Page<Incident> {
    const where = filter.where ? `WHERE ${filter.where}` : '';
    const order = `ORDER BY ${filter.orderBy ?? 'created_time_utc DESC, number DESC'}`;
    const rows = this.prepare(`SELECT doc FROM incidents ${where} ${order} LIMIT ? OFFSET ?`).all(...filter.params, page.top, page.skip) as { doc: string }[];
    const items = rows.map((r) => JSON.parse(r.doc) as Incident);
    if (!page.count) return { items };
    const { n } = this.prepare(`SELECT COUNT(*) AS n FROM incidents ${where}`).get(...filter.params) as { n: number };
    return { items, total: n };
  }
}

/** The same query on PostgreSQL through the store's pool (committed data only); `filter` uses $1… placeholders. */
class PostgresIncidentQuery implements IncidentQuery {
  constructor(private readonly store: PostgresSecurityStore) {}

  async queryIncidents(filter: SqlFilter, page: { top: number; skip: number; count?: boolean }): Promise<Page<Incident>> {
    const where = filter.where ? `WHERE ${filter.where}` : '';
    const n = filter.params.length;
    const order = `ORDER BY ${filter.orderBy ?? 'created_time_utc DESC, seq DESC'}`;
    const { rows } = await this.store.pool.query(`SELECT doc FROM incidents ${where} ${order} LIMIT $${n + 1} OFFSET $${n + 2}`, [...filter.params, page.top, page.skip]);
    const items = rows.map((r: { doc: Incident }) => r.doc);
    if (!page.count) return { items };
    const counted = await this.store.pool.query(`SELECT COUNT(*) AS n FROM incidents ${where}`, filter.params);
    return { items, total: Number(counted.rows[0]?.n ?? 0) };
  }
}
