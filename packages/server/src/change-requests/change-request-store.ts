/** Change requests on SQLite. */
import type Database from 'better-sqlite3';
import type { ChangeRequest, ChangeRequestStatus } from './change-request.ts';

export class ChangeRequestStore {
  constructor(private readonly db: Database.Database) {}

  get(id: string): ChangeRequest | undefined {
    const row = this.db.prepare('SELECT doc FROM change_requests WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as ChangeRequest) : undefined;
  }

  ofIncident(incidentId: string): ChangeRequest[] {
    return (this.db.prepare('SELECT doc FROM change_requests WHERE incident_id = ? ORDER BY created_at, rowid').all(incidentId) as { doc: string }[]).map(
      (r) => JSON.parse(r.doc) as ChangeRequest,
    );
  }

  list(filter: { incidentId?: string; status?: ChangeRequestStatus; top: number; skip: number }): ChangeRequest[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.incidentId) (where.push('incident_id = ?'), params.push(filter.incidentId));
    if (filter.status) (where.push('status = ?'), params.push(filter.status));
    const sql = `SELECT doc FROM change_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, filter.top, filter.skip) as { doc: string }[]).map((r) => JSON.parse(r.doc) as ChangeRequest);
  }

  insert(cr: ChangeRequest): void {
    this.db.prepare('INSERT INTO change_requests (id, incident_id, status, created_at, doc) VALUES (?, ?, ?, ?, ?)').run(cr.id, cr.incidentId, cr.status, cr.createdAt, JSON.stringify(cr));
  }

  /** Writes `next` only if the stored status is still `expected` (two deciders: one wins). */
  replaceIf(next: ChangeRequest, expected: ChangeRequestStatus): boolean {
    return this.db.prepare('UPDATE change_requests SET status = ?, doc = ? WHERE id = ? AND status = ?').run(next.status, JSON.stringify(next), next.id, expected).changes === 1;
  }
}
