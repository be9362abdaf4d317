/** Approval requests on SQLite: one row per request, the document as JSON beside indexed columns. */
import type Database from 'better-sqlite3';

export type ApprovalStatus = 'Pending' | 'Answered' | 'TimedOut';

export interface ApprovalAnswer {
  option: string | null;
  /** Audit actor: "key:<id> (<name>)", "link:<email or 'link'>", "timer". */
  by: string;
  via: 'link' | 'api' | 'timeout';
  at: string;
  /** The answerer's address when known (the link's recipient). */
  email: string | null;
}

export interface Approval {
  id: string;
  /** Which operation asked: the Sentinel `office365` approval email or Riposte's own. */
  source: 'office365' | 'riposte';
  incidentId: string | null;
  runId: string | null;
  actionName: string | null;
  /** Where the answer is delivered (the waiting ApiConnectionWebhook action). */
  callbackUrl: string;
  subject: string;
  body: string;
  /** office365 HeaderText and SelectionText: headings above the body and above the options. */
  headerText?: string;
  selectionText?: string;
  importance: 'Low' | 'Normal' | 'High';
  options: string[];
  /** What the timer delivers when nobody answered in time (null: no option, SelectedOption null). */
  defaultOption: string | null;
  to: string[];
  chat: Array<{ webhookUrl: string; format: 'teams' | 'slack' }>;
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  /** When the request went out (null until every channel was tried). */
  sentAt: string | null;
  answer: ApprovalAnswer | null;
}

export class ApprovalStore {
  constructor(private readonly db: Database.Database) {}

  get(id: string): Approval | undefined {
    const row = this.db.prepare('SELECT doc FROM approvals WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Approval) : undefined;
  }

  byIdempotencyKey(key: string): Approval | undefined {
    const row = this.db.prepare('SELECT doc FROM approvals WHERE idempotency_key = ?').get(key) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Approval) : undefined;
  }

  /** Inserts a new request; false when one with the same idempotency key exists already. */
  insert(approval: Approval, idempotencyKey: string | null): boolean {
    const r = this.db
      .prepare('INSERT OR IGNORE INTO approvals (id, idempotency_key, incident_id, status, expires_at, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(approval.id, idempotencyKey, approval.incidentId, approval.status, approval.expiresAt, approval.createdAt, JSON.stringify(approval));
    return r.changes === 1;
  }

  /**
   * Records the answer if the request is still pending, atomically: of two answers racing, exactly
   * one gets true. The first answer wins.
   */
  answerIfPending(id: string, status: Exclude<ApprovalStatus, 'Pending'>, answer: ApprovalAnswer): Approval | undefined {
    return this.db.transaction(() => {
      const current = this.get(id);
      if (!current || current.status !== 'Pending') return undefined;
      const next: Approval = { ...current, status, answer };
      this.db.prepare('UPDATE approvals SET status = ?, doc = ? WHERE id = ? AND status = ?').run(status, JSON.stringify(next), id, 'Pending');
      return next;
    }).immediate();
  }

  markSent(id: string, at: string): void {
    this.db.transaction(() => {
      const current = this.get(id);
      if (current) this.db.prepare('UPDATE approvals SET doc = ? WHERE id = ?').run(JSON.stringify({ ...current, sentAt: at }), id);
    })();
  }

  list(filter: { status?: readonly ApprovalStatus[]; incidentId?: string; top: number; skip: number }): Approval[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status?.length) (where.push(`status IN (${filter.status.map(() => '?').join(', ')})`), params.push(...filter.status));
    if (filter.incidentId) (where.push('incident_id = ?'), params.push(filter.incidentId));
    const sql = `SELECT doc FROM approvals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, filter.top, filter.skip) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Approval);
  }

  /**
   * How many requests about `incidentId` still wait for an answer: one COUNT answered from the
   * partial index `approvals_pending_incident`, so no row is read however many there are.
   */
  pendingCountOf(incidentId: string): number {
    return (this.db.prepare(pendingCountSql).get(incidentId) as { n: number }).n;
  }

  /** Pending requests whose time is up at `now`. */
  due(now: string): Approval[] {
    return (this.db.prepare("SELECT doc FROM approvals WHERE status = 'Pending' AND expires_at <= ? ORDER BY expires_at").all(now) as { doc: string }[]).map(
      (r) => JSON.parse(r.doc) as Approval,
    );
  }

  /** When the next pending request times out (for the timer). */
  nextExpiry(): string | undefined {
    return (this.db.prepare("SELECT MIN(expires_at) AS t FROM approvals WHERE status = 'Pending'").get() as { t: string | null }).t ?? undefined;
  }
}

/** The literal `'Pending'` lets SQLite use the partial index (a bound parameter would not). */
export const pendingCountSql = "SELECT COUNT(*) AS n FROM approvals WHERE incident_id = ? AND status = 'Pending'";
