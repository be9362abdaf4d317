/** Stakeholder policies, their cadence timers (next due per policy and incident) and one-off markers, on SQLite. */
import type Database from 'better-sqlite3';
import { CommittedReadCache } from '../store/committed-read-cache.ts';
import { StatementCache } from '../store/statement-cache.ts';
import type { StakeholderPolicy } from './stakeholder-policy.ts';

export class StakeholderPolicyStore {
  private readonly sql: StatementCache;
  // Every incident event reads the whole list; writes (all through this object) invalidate it.
  private readonly all: CommittedReadCache<StakeholderPolicy[]>;

  constructor(private readonly db: Database.Database) {
    this.sql = new StatementCache(db);
    this.all = new CommittedReadCache(db);
  }

  list(): StakeholderPolicy[] {
    return this.all.read(() =>
      (this.sql.get('SELECT doc FROM stakeholder_policies ORDER BY created_at, rowid').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as StakeholderPolicy),
    );
  }

  get(id: string): StakeholderPolicy | undefined {
    const row = this.sql.get('SELECT doc FROM stakeholder_policies WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as StakeholderPolicy) : undefined;
  }

  put(policy: StakeholderPolicy): void {
    this.all.invalidate();
    this.sql
      .get('INSERT INTO stakeholder_policies (id, name, created_at, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc')
      .run(policy.id, policy.name, policy.createdAt, JSON.stringify(policy));
  }

  delete(id: string): boolean {
    this.all.invalidate();
    return this.db.transaction(() => {
      this.sql.get('DELETE FROM stakeholder_cadence WHERE policy_id = ?').run(id);
      this.sql.get('DELETE FROM stakeholder_sent WHERE policy_id = ?').run(id);
      return this.sql.get('DELETE FROM stakeholder_policies WHERE id = ?').run(id).changes === 1;
    })();
  }

  nextDue(policyId: string, incidentId: string): string | undefined {
    return (this.sql.get('SELECT next_due FROM stakeholder_cadence WHERE policy_id = ? AND incident_id = ?').get(policyId, incidentId) as { next_due: string } | undefined)?.next_due;
  }

  setNextDue(policyId: string, incidentId: string, nextDue: string): void {
    this.sql
      .get('INSERT INTO stakeholder_cadence (policy_id, incident_id, next_due) VALUES (?, ?, ?) ON CONFLICT (policy_id, incident_id) DO UPDATE SET next_due = excluded.next_due')
      .run(policyId, incidentId, nextDue);
  }

  clearCadence(policyId: string, incidentId: string): void {
    this.sql.get('DELETE FROM stakeholder_cadence WHERE policy_id = ? AND incident_id = ?').run(policyId, incidentId);
  }

  due(now: string): Array<{ policyId: string; incidentId: string; nextDue: string }> {
    return (this.sql.get('SELECT policy_id, incident_id, next_due FROM stakeholder_cadence WHERE next_due <= ? ORDER BY next_due').all(now) as Array<{ policy_id: string; incident_id: string; next_due: string }>).map(
      (r) => ({ policyId: r.policy_id, incidentId: r.incident_id, nextDue: r.next_due }),
    );
  }

  earliestDue(): string | undefined {
    return (this.sql.get('SELECT MIN(next_due) AS t FROM stakeholder_cadence').get() as { t: string | null }).t ?? undefined;
  }

  /** Records a one-off notice; false when it was sent already. */
  markSent(policyId: string, incidentId: string, what: string, at: string): boolean {
    return this.sql.get('INSERT OR IGNORE INTO stakeholder_sent (policy_id, incident_id, what, at) VALUES (?, ?, ?, ?)').run(policyId, incidentId, what, at).changes === 1;
  }
}
